/**
 * The reference recognition endpoint: `POST /v1/captures` (the contract in
 * recognition-endpoint.md) and `GET /v1/captures/:id` (v1.1, status.ts), the wall of wins at `/`,
 * its CSV at `/wins.csv`, the reviewers' pages (review/routes.ts) and `/health`.
 * `createReceiver` builds the Hono app around a store; `startReceiver` also listens on a port and
 * shuts down gracefully.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { createAccess } from './access';
import { checkBearer, checkSignature, staticCredentials, type CredentialSource } from './auth';
import { parseEvent } from './events';
import { allowedHosts } from './hosts';
import { jsonLogger, type Logger } from './log';
import { RateLimiter } from './rate-limit';
import { renderSignIn } from './review/page';
import { addReviewRoutes } from './review/routes';
import { addStatusRoute, statusUrl } from './status';
import { openStore, type StoreConfig } from './storage/open';
import { MAX_REVISION_STEP, type CaptureStore } from './storage/types';
import { winPages, winsCsvStream } from './wall/csv';
import { renderWall, WALL_STYLE_HASH } from './wall/page';
import { parseWallQuery, toWinQuery } from './wall/query';

export const ENDPOINT_PATH = '/v1/captures';
export const MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
/** CSV downloads per minute per client: each one reads the whole wall. */
export const DEFAULT_CSV_RATE_LIMIT_PER_MINUTE = 10;
const WALL_LIMIT = 500;
/** `application/json`, with at most a UTF-8 charset: a form or `text/plain` POST is refused. */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*("utf-8"|utf-8)\s*)?$/i;
/** How long a database outage asks the extension to wait before retrying. */
const STORE_RETRY_AFTER_SECONDS = 30;

export interface ReceiverOptions {
  /** A store to use as is (not closed by the receiver); else one opened from `database`. */
  store?: CaptureStore;
  /** Default: a throwaway in-memory SQLite database. */
  database?: StoreConfig;
  /**
   * `whsec_…`: when set, every delivery must carry a valid, fresh Standard Webhooks signature
   * made with one of them.
   */
  secret?: string | readonly string[];
  /** When set, every delivery must carry `Authorization: Bearer <token>` with one of them. */
  token?: string | readonly string[];
  /** Live credentials (a rotating secret file); replaces `secret` and `token`. */
  credentials?: CredentialSource;
  /** Host names served besides loopback's (DNS rebinding: any other Host gets 421). */
  allowedHosts?: readonly string[];
  /** CSV downloads per minute per client; 0 turns the limit off. */
  csvRateLimitPerMinute?: number;
  /** Rows per page of the CSV stream. */
  csvPageRows?: number;
  /** Base of receipt links, e.g. https://wins.example.com; default: the request's own origin. */
  publicUrl?: string;
  /** Opens the review page (and the wall); never the delivery secret or token. */
  reviewerToken?: string;
  /**
   * The tokens that open the wall and its CSV read-only (`SOURCED_VIEWER_TOKEN`), asked on every
   * use: as a bearer token, the `sourced_viewer` cookie or a sign-in.
   */
  viewerTokens?: () => readonly string[];
  /**
   * The wall and its CSV without any credential (`--public-wall`). Without it, only the reviewer
   * or viewer token opens them (and with neither token, nobody).
   */
  publicWall?: boolean;
  /** Requests per minute per client; 0 turns the limit off. */
  rateLimitPerMinute?: number;
  /** Behind a load balancer: take the client address from the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  maxBodyBytes?: number;
  log?: Logger;
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
}

export interface Receiver {
  app: Hono<Env>;
  store: CaptureStore;
  /** From now on /health answers 503 and responses close their connection. */
  drain(): void;
  /** Closes the store when the receiver opened it. */
  close(): Promise<void>;
}

/** What a request's log line says about the event, set by the endpoint's handler. */
type Env = { Variables: { eventId?: string; outcome?: string } };

type ErrorStatus = 400 | 401 | 404 | 409 | 410 | 413 | 415 | 421 | 422 | 429 | 500 | 503;

export async function createReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const credentials = options.credentials ?? staticCredentials(options.secret, options.token);
  const hosts = allowedHosts(options.allowedHosts, options.publicUrl);
  const store =
    options.store ?? (await openStore(options.database ?? { kind: 'sqlite', path: ':memory:' }));
  const log = options.log ?? jsonLogger();
  const now = options.now ?? Date.now;
  const perMinute = options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const limiter = perMinute > 0 ? new RateLimiter(perMinute, now) : undefined;
  const csvPerMinute = options.csvRateLimitPerMinute ?? DEFAULT_CSV_RATE_LIMIT_PER_MINUTE;
  const csvLimiter = csvPerMinute > 0 ? new RateLimiter(csvPerMinute, now) : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const delivery = [
    ...credentials.tokens(now()),
    ...(options.secret === undefined ? [] : [options.secret].flat()),
  ];
  for (const credential of [options.reviewerToken, ...(options.viewerTokens?.() ?? [])]) {
    if (credential !== undefined && delivery.includes(credential)) {
      throw new Error(
        'The reviewer and viewer tokens must differ from the delivery secret and token.',
      );
    }
  }
  const access = createAccess({
    reviewerToken: options.reviewerToken,
    viewerTokens: options.viewerTokens,
    publicWall: options.publicWall,
    publicUrl: options.publicUrl,
    now,
  });
  let draining = false;

  const fail = (c: Context<Env>, status: ErrorStatus, error: string, extra: object = {}) =>
    c.json({ error, ...extra }, status, { 'Cache-Control': 'no-store' });

  const baseUrl = (c: Context<Env>) =>
    (options.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');

  const clientOf = (c: Context<Env>): string => {
    if (options.trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // app.request() in tests has no socket
    }
  };

  const tooLarge = (c: Context<Env>) =>
    fail(c, 413, `The body is larger than ${Math.round(maxBodyBytes / 1024)} KB.`);
  const streamedLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });

  const app = new Hono<Env>();

  // One log line per request, with what is safe to keep: never a header value but the event id.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (draining) c.header('Connection', 'close');
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      client: clientOf(c),
      eventId: c.get('eventId'),
      outcome: c.get('outcome'),
    });
  });

  // The API's JSON answers need only nosniff; the full set (a strict CSP first) guards the pages.
  // Set before the handler runs: a header added to a finished response makes the Node adapter
  // rebuild it as a full web Response, a visible cost in a profile of deliveries.
  app.use('*', async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });
  const pageHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [WALL_STYLE_HASH],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    xFrameOptions: 'DENY',
    // HSTS is the HTTPS front's decision (it would pin every subdomain for half a year).
    strictTransportSecurity: false,
  });

  app.get('/health', async (c) => {
    if (draining) return c.json({ status: 'draining' }, 503, { 'Retry-After': '5' });
    try {
      await store.ping();
      return c.json({ status: 'ok', storage: store.kind });
    } catch {
      return c.json({ status: 'storage unavailable', storage: store.kind }, 503);
    }
  });

  // After /health, which reveals nothing and is probed by address by load balancers.
  app.use('*', async (c, next) => {
    let host: string | undefined;
    try {
      host = new URL(c.req.url).hostname.replace(/\.$/, '');
    } catch {
      host = undefined;
    }
    if (host !== undefined && hosts.has(host)) return next();
    return fail(
      c,
      421,
      'This receiver does not answer to that host name: add it with --allowed-hosts (SOURCED_ALLOWED_HOSTS).',
    );
  });

  const rateLimited =
    (bucket: RateLimiter | undefined, what: string) =>
    async (c: Context<Env>, next: () => Promise<void>) => {
      if (!bucket) return next();
      const taken = bucket.take(clientOf(c));
      if (taken.ok) return next();
      c.header('Retry-After', String(taken.retryAfterSeconds));
      return fail(c, 429, `Too many ${what}: retry in ${taken.retryAfterSeconds} seconds.`);
    };
  app.use('*', rateLimited(limiter, 'requests'));

  app.post(
    ENDPOINT_PATH,
    async (c, next) => {
      const tokens = credentials.tokens(now());
      if (tokens.length === 0) return next();
      const error = checkBearer(tokens, c.req.header('authorization'));
      if (!error) return next();
      c.header('WWW-Authenticate', 'Bearer');
      return fail(c, 401, error);
    },
    async (c, next) => {
      // A cross-site form or fetch can send text/plain without asking the browser first; JSON
      // needs a CORS preflight, which this receiver never grants. So also with --unsigned.
      if (JSON_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) return next();
      return fail(c, 415, 'Deliveries must be sent with Content-Type: application/json.');
    },
    async (c, next) => {
      // A declared length is checked from the header alone: Hono's bodyLimit reads
      // `request.body`, which turns the Node adapter's direct read into a web stream (the
      // largest cost of a delivery in a profile). A chunked body is counted by bodyLimit.
      const length = c.req.header('content-length');
      if (length === undefined || c.req.header('transfer-encoding') !== undefined) {
        return streamedLimit(c, next);
      }
      return Number(length) > maxBodyBytes ? tooLarge(c) : next();
    },
    async (c) => {
      const body = await c.req.text();
      const webhookId = c.req.header('webhook-id');
      const keys = credentials.signingKeys(now());
      if (keys) {
        const error = checkSignature(
          keys,
          {
            id: webhookId,
            timestamp: c.req.header('webhook-timestamp'),
            signature: c.req.header('webhook-signature'),
          },
          body,
          Math.floor(now() / 1000),
        );
        if (error) return fail(c, 401, error);
      }

      const parsed = parseEvent(body);
      if (!parsed.ok) return fail(c, 400, parsed.error, { issues: parsed.issues });
      const { event } = parsed;

      // The draft's Idempotency-Key is a quoted string; webhook-id is signed, so it wins.
      const idempotencyKey = c.req
        .header('idempotency-key')
        ?.trim()
        .replace(/^"(.*)"$/, '$1');
      if (webhookId && idempotencyKey && webhookId !== idempotencyKey) {
        return fail(c, 400, 'The webhook-id and Idempotency-Key headers differ.');
      }
      const key =
        webhookId ??
        idempotencyKey ??
        (event.type === 'capture.test' ? 'test' : `${event.data.id}.${event.data.revision}`);
      if (key.length > 200) return fail(c, 400, 'The event id is longer than 200 characters.');
      c.set('eventId', key);
      // The event id names the capture and revision it carries, so that nobody can claim the
      // id of another capture's next revision with an unrelated body.
      if (event.type !== 'capture.test' && key !== `${event.data.id}.${event.data.revision}`) {
        return fail(
          c,
          422,
          `The event id (webhook-id or Idempotency-Key) must be "<capture id>.<revision>" of the capture in the body: "${event.data.id}.${event.data.revision}".`,
        );
      }

      if (event.type === 'capture.test') {
        c.set('outcome', 'test');
        return c.json({ id: key, url: `${baseUrl(c)}/`, test: true });
      }

      let result;
      try {
        result = await store.receive({
          key,
          bodySha256: parsed.bodySha256,
          type: event.type,
          data: event.data,
          receivedAt: new Date(now()),
        });
      } catch (error) {
        log('error', 'storage failed', {
          error: error instanceof Error ? error.message : 'unknown',
        });
        c.header('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
        return fail(c, 503, 'The receiver cannot store captures right now; retry later.');
      }
      c.set('outcome', result.outcome);
      if (result.outcome === 'other-employee') {
        return fail(
          c,
          409,
          'This capture belongs to another employee: a capture id stays with the email of its first revision, so only that employee can update or withdraw it.',
          // 409 means "still processing, retry" in the protocol; this one never succeeds on retry,
          // and says so, so that the extension fails the capture instead of retrying it daily.
          { retryable: false },
        );
      }
      if (result.outcome === 'revision-jump') {
        return fail(
          c,
          422,
          `Revision ${event.data.revision} is more than ${MAX_REVISION_STEP} above the stored revision (${result.storedRevision ?? 0}) of this capture.`,
        );
      }
      if (result.outcome === 'conflict') {
        return fail(
          c,
          422,
          'This event id was already delivered with a different body: a changed capture needs a new revision.',
        );
      }
      const base = baseUrl(c);
      return c.json(
        {
          id: result.captureId,
          url: `${base}/?id=${result.captureId}`,
          status: statusUrl(base, result.captureId),
        },
        200,
        { 'Cache-Control': 'no-store' },
      );
    },
  );

  addStatusRoute(app, { store, tokens: () => credentials.tokens(now()), fail });

  app.get('/', pageHeaders, async (c) => {
    if (!access.canReadWall(c)) {
      c.header('Cache-Control', 'no-store');
      return c.html(renderSignIn({ next: `/${new URL(c.req.url).search}` }), 401);
    }
    const query = parseWallQuery((name) => c.req.query(name));
    const [wins, teams] = await Promise.all([
      store.recognitionWins(toWinQuery(query, WALL_LIMIT + 1)),
      store.teams(),
    ]);
    const page = {
      wins: wins.slice(0, WALL_LIMIT),
      teams,
      query,
      truncated: wins.length > WALL_LIMIT,
      reviewer: access.session(c)?.role === 'reviewer',
    };
    return c.html(renderWall(page));
  });

  app.get('/wins.csv', pageHeaders, rateLimited(csvLimiter, 'CSV downloads'), async (c) => {
    if (!access.canReadWall(c)) {
      c.header('WWW-Authenticate', 'Bearer realm="wall"');
      return fail(c, 401, access.refusal);
    }
    const query = parseWallQuery((name) => c.req.query(name));
    // The CSV is the record of recognised outcomes: confirmed wins only, a page of wins at a time.
    const pages = winPages(store, { ...toWinQuery(query, 0), states: ['confirmed'] });
    const stream = winsCsvStream(pages, {
      pageRows: options.csvPageRows,
      onError: (error) =>
        log('error', 'CSV download failed', {
          error: error instanceof Error ? error.message : 'unknown',
        }),
    });
    return c.body(stream, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="sourced-wins.csv"',
      'Cache-Control': 'no-store',
    });
  });

  addReviewRoutes(app, { store, access, now, log, pageHeaders });

  app.notFound((c) => fail(c, 404, 'Not found. Deliveries go to POST /v1/captures.'));

  app.onError((error, c) => {
    log('error', 'unhandled error', { error: error.name, path: c.req.path });
    return fail(c, 500, 'Internal error.');
  });

  return {
    app,
    store,
    drain: () => {
      draining = true;
    },
    close: async () => {
      if (!options.store) await store.close();
    },
  };
}

export interface RunningReceiver extends Receiver {
  server: Server;
  port: number;
  /** The base URL the server listens on, e.g. http://127.0.0.1:8787 */
  url: string;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), closes. */
  stop(graceMs?: number): Promise<void>;
}

export async function startReceiver(
  options: ReceiverOptions & { port?: number; host?: string } = {},
): Promise<RunningReceiver> {
  const receiver = await createReceiver(options);
  const host = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: Server; port: number }>(
    (resolve, reject) => {
      const server = serve(
        { fetch: receiver.app.fetch, port: options.port ?? 8787, hostname: host },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      ) as Server;
      server.once('error', reject);
    },
  ).catch(async (error: unknown) => {
    await receiver.close();
    throw error;
  });
  let stopping: Promise<void> | undefined;
  return {
    ...receiver,
    server,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stop: (graceMs = 10_000) =>
      (stopping ??= (async () => {
        receiver.drain();
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), graceMs);
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        await receiver.close();
      })()),
  };
}

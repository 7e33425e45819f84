/**
 * Command-line flags and environment variables of the receiver, with the --help text that
 * documents them. Flags win over environment variables.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { secretKey } from '../lib/delivery/signature';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, ENDPOINT_PATH } from './receiver';
import type { StoreConfig } from './storage/open';

const SERVER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DB_PATH = path.join(SERVER_DIR, 'data', 'sourced.sqlite');

export const HELP = `Sourced reference receiver: stores captures delivered by the extension and shows
the wall of wins.

Usage: npm start -- [options]            build the extension, then run the receiver
       npx tsx server/main.ts [options]  run the receiver only

Options (environment variable in brackets; a flag wins over its variable):
  --port <n>           port to listen on (SOURCED_PORT; default 8787)
  --host <address>     address to listen on (SOURCED_HOST; default 127.0.0.1, loopback only).
                       Use 0.0.0.0 to accept other machines, behind HTTPS.
  --secret <whsec_…>   Standard Webhooks signing secret (SOURCED_SECRET). When none is given a new
                       one is generated and printed once at start-up. Prefer the variable: flags
                       show in the process list.
  --unsigned           accept deliveries without a signature (not recommended)
  --token <token>      require Authorization: Bearer <token> on deliveries (SOURCED_TOKEN)
  --db <file>          SQLite database file (SOURCED_DB; default server/data/sourced.sqlite)
  --database-url <url> PostgreSQL instead of SQLite (DATABASE_URL), for several receivers
                       behind a load balancer
  --public-url <url>   base of the links in receipts, e.g. https://wins.example.com
                       (SOURCED_PUBLIC_URL; default: the address the request was sent to)
  --rate-limit <n>     requests per minute per client, 0 for none
                       (SOURCED_RATE_LIMIT; default ${DEFAULT_RATE_LIMIT_PER_MINUTE})
  --trust-proxy        take the client address from X-Forwarded-For (SOURCED_TRUST_PROXY=1);
                       only behind a proxy that sets it
  --public-wall        anyone who can reach the receiver may read the wall of wins and its CSV;
                       without it the wall needs the reviewer or the viewer token
Credentials for people (environment only: flags show in the process list):
  SOURCED_REVIEWER_TOKEN  signs reviewers in to /review; default: generated once and kept in
                          <data dir>/reviewer-token (owner-only), printed at start-up
  SOURCED_VIEWER_TOKEN    optional read-only sign-in for the wall
  SOURCED_DATA_DIR        where the receiver keeps its files (default: the SQLite file's folder)
  -h, --help           show this help

Routes: POST ${ENDPOINT_PATH} (deliveries), GET ${ENDPOINT_PATH}/<id> (recognition state),
GET / (wall of wins), GET /wins.csv, GET /review (reviewers), GET /health.
Logs are JSON lines on standard output; they never contain a secret or a token.`;

export interface ReceiverConfig {
  port: number;
  host: string;
  /** Undefined only with --unsigned. */
  secret: string | undefined;
  /** True when the secret was generated for this run: the banner then shows it. */
  secretGenerated: boolean;
  token: string | undefined;
  database: StoreConfig;
  publicUrl: string | undefined;
  rateLimitPerMinute: number;
  trustProxy: boolean;
  publicWall: boolean;
  /** From SOURCED_REVIEWER_TOKEN; else cli.ts keeps one in `dataDir`. */
  reviewerToken: string | undefined;
  /** SOURCED_VIEWER_TOKEN: one token, or several separated by spaces or commas. */
  viewerTokens: string[] | undefined;
  dataDir: string;
}

export type ParsedConfig =
  | { kind: 'help' }
  | { kind: 'error'; error: string }
  | { kind: 'config'; config: ReceiverConfig; rest: Record<string, boolean> };

/** A new `whsec_` secret: 32 random bytes, base64. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function integer(value: string, name: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}.`);
  }
  return Number(value);
}

/** Parses argv (without node and script); `extraFlags` are booleans a caller adds (start.ts). */
export function parseConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  extraFlags: string[] = [],
): ParsedConfig {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        secret: { type: 'string' },
        unsigned: { type: 'boolean' },
        token: { type: 'string' },
        db: { type: 'string' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        'rate-limit': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'public-wall': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(extraFlags.map((flag) => [flag, { type: 'boolean' as const }])),
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    // The positional error quotes the argument, which may be a secret pasted in the wrong place.
    const message =
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'Unexpected argument: every option starts with --.'
        : (error as Error).message;
    return { kind: 'error', error: `${message} Run with --help for the options.` };
  }
  if (values.help) return { kind: 'help' };
  const str = (flag: string, variable: string): string | undefined => {
    const value = (values[flag] as string | undefined) ?? env[variable];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  try {
    const port = integer(str('port', 'SOURCED_PORT') ?? '8787', 'The port', 65535);
    const rateLimitPerMinute = integer(
      str('rate-limit', 'SOURCED_RATE_LIMIT') ?? String(DEFAULT_RATE_LIMIT_PER_MINUTE),
      'The rate limit',
      1_000_000,
    );
    const given = str('secret', 'SOURCED_SECRET');
    if (given && values.unsigned) throw new Error('Give a signing secret or --unsigned, not both.');
    if (given) secretKey(given); // throws a plain-words error, without the value
    const secret = values.unsigned ? undefined : (given ?? generateSecret());

    const publicUrl = str('public-url', 'SOURCED_PUBLIC_URL');
    if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
      throw new Error('The public URL must start with http:// or https://.');
    }
    const dbFlag = values.db as string | undefined;
    const databaseUrl = str('database-url', 'DATABASE_URL');
    const database: StoreConfig =
      databaseUrl && !dbFlag
        ? { kind: 'postgres', url: databaseUrl }
        : { kind: 'sqlite', path: path.resolve(dbFlag ?? env.SOURCED_DB ?? DEFAULT_DB_PATH) };

    const token = str('token', 'SOURCED_TOKEN');
    const reviewerToken = str('', 'SOURCED_REVIEWER_TOKEN');
    const viewers = str('', 'SOURCED_VIEWER_TOKEN')
      ?.split(/[\s,]+/)
      .filter(Boolean);
    const viewerTokens = viewers?.length ? viewers : undefined;
    for (const [label, value] of [
      ['SOURCED_REVIEWER_TOKEN', reviewerToken],
      ...(viewerTokens ?? []).map((token) => ['SOURCED_VIEWER_TOKEN', token] as const),
    ] as const) {
      if (value === undefined) continue;
      if (value.length < 16) throw new Error(`${label} must be at least 16 characters long.`);
      if (value === token || value === given) {
        throw new Error(`${label} must differ from the delivery secret and token.`);
      }
    }
    if (reviewerToken !== undefined && viewerTokens?.includes(reviewerToken)) {
      throw new Error('SOURCED_VIEWER_TOKEN must differ from SOURCED_REVIEWER_TOKEN.');
    }
    const dataDir = path.resolve(
      env.SOURCED_DATA_DIR?.trim() ||
        (database.kind === 'sqlite' ? path.dirname(database.path) : path.dirname(DEFAULT_DB_PATH)),
    );

    return {
      kind: 'config',
      config: {
        port,
        host: str('host', 'SOURCED_HOST') ?? '127.0.0.1',
        secret,
        secretGenerated: !given && !values.unsigned,
        token,
        database,
        publicUrl,
        rateLimitPerMinute,
        trustProxy: Boolean(values['trust-proxy']) || env.SOURCED_TRUST_PROXY === '1',
        publicWall: Boolean(values['public-wall']),
        reviewerToken,
        viewerTokens,
        dataDir,
      },
      rest: Object.fromEntries(extraFlags.map((flag) => [flag, Boolean(values[flag])])),
    };
  } catch (error) {
    return { kind: 'error', error: (error as Error).message };
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/** The base URL to give users: localhost for a loopback or wildcard address. */
export function displayUrl(
  config: Pick<ReceiverConfig, 'host' | 'publicUrl'>,
  port: number,
): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = LOOPBACK.has(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The start-up text for the person running the receiver: the one place the signing secret is
 * printed, and only when it was generated for this run.
 */
export function banner(
  config: ReceiverConfig,
  port: number,
  cwd = process.cwd(),
  reviewer?: { token: string; source: 'env' | 'file' | 'new' },
): string {
  const base = displayUrl(config, port);
  const secretLine = config.secretGenerated
    ? `${config.secret}\n                    (new for this run: paste it into the options page; it is not logged)`
    : config.secret
      ? 'the one you gave (not shown)'
      : 'none: deliveries are not checked (--unsigned)';
  const storage =
    config.database.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `SQLite, ${shortPath(config.database.path, cwd)}`;
  return [
    'Sourced receiver is running.',
    '',
    `  Endpoint URL:     ${base}${ENDPOINT_PATH}`,
    `  Signing secret:   ${secretLine}`,
    ...(config.token ? ['  Bearer token:     the one you gave (not shown)'] : []),
    `  Wall of wins:     ${base}/${config.publicWall ? ' (public: --public-wall)' : ' (sign in with the reviewer or viewer token)'}`,
    ...(reviewer
      ? [
          `  Review page:      ${base}/review`,
          `  Reviewer token:   ${
            reviewer.source === 'env'
              ? 'the one you gave (not shown)'
              : `${reviewer.token}\n                    (kept in ${shortPath(path.join(config.dataDir, 'reviewer-token'), cwd)}; for reviewers, not for the extension)`
          }`,
        ]
      : []),
    ...(config.viewerTokens ? ['  Viewer token:     the one you gave (not shown)'] : []),
    `  Storage:          ${storage}`,
    '',
  ].join('\n');
}

function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/**
 * The outbox: delivers queued captures to the configured endpoint, one run at a time across every
 * extension context, and writes every attempt to the sync log. Nothing leaves the outbox except a
 * capture the endpoint accepted (or one the user deleted); a run cut short by the service worker
 * being killed leaves captures `delivering`, and the next run sends them again with the same
 * event id, which the endpoint de-duplicates.
 */
import { ZodError } from 'zod';
import {
  deliveryDeferred,
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
} from '../capture-lifecycle';
import { eventId, type Capture } from '../capture';
import type { SourcedDatabase } from '../db/database';
import { effectiveEndpoint } from '../settings/effective';
import { redactUrl, type SyncLogEntry } from '../sync-log';
import { nextAttemptDelay } from './backoff';
import { readDeliveryState, updateDeliveryState, type DeliveryState } from './delivery-state';
import { originPattern, redactSecrets, secretValues, type EndpointConfig } from './endpoint-config';
import { deliver, DEFAULT_TIMEOUT_MS } from './fetch-with-timeout';
import { buildRequest, PayloadTooLargeError } from './request';
import { classifyNetworkError, classifyResponse, type Classification } from './response';
import { withOutboxLock } from './outbox-lock';

export interface OutboxDeps {
  db: SourcedDatabase;
  clientVersion: string;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Whether the extension may reach this origin pattern (an optional host permission). */
  hasPermission?: (pattern: string) => Promise<boolean>;
}

export interface RunResult {
  outcome: 'busy' | 'idle' | 'paused' | 'waiting' | 'ran';
  delivered: number;
  retried: number;
  failed: number;
  /** When something queued is next due; the scheduler sets an alarm for it. */
  nextAttemptAt?: string;
}

/** Transient failures of different captures in a row before the endpoint itself counts as down. */
const ENDPOINT_DOWN_AFTER = 3;
/** Problems that stop delivery until the user saves the endpoint settings again. */
const BLOCKING: ReadonlySet<string> = new Set(['credentials', 'gone', 'misconfigured']);

export async function runOutbox(
  deps: OutboxDeps,
  options: { force?: boolean } = {},
): Promise<RunResult> {
  const result = await withOutboxLock(deps.db, () => run(deps, options.force ?? false));
  return result === 'busy' ? { outcome: 'busy', delivered: 0, retried: 0, failed: 0 } : result;
}

async function run(deps: OutboxDeps, force: boolean): Promise<RunResult> {
  const { db } = deps;
  const now = () => deps.now?.() ?? new Date();
  const summary: RunResult = { outcome: 'idle', delivered: 0, retried: 0, failed: 0 };

  // Captures left `delivering` were cut short (worker killed, browser closed): send them again.
  const interrupted = await db.captures.where('status').equals('delivering').toArray();
  for (const capture of interrupted) {
    await db.captures.put(
      deliveryDeferred(capture, 'interrupted before the endpoint answered', now()),
    );
  }

  const queued = await db.captures.where('status').equals('queued').toArray();
  if (queued.length === 0) {
    await updateDeliveryState(db, (s) => ({
      ...s,
      nextAttemptAt: undefined,
      problem: s.problem?.kind === 'no-endpoint' ? undefined : s.problem,
    }));
    return summary;
  }

  const state = await readDeliveryState(db);
  if (state.problem && BLOCKING.has(state.problem.kind)) return { ...summary, outcome: 'paused' };

  // The endpoint in effect: the organisation's (policy) or the one saved in the settings.
  const endpoint = await effectiveEndpoint(db);
  if (!endpoint) {
    await setProblem(
      db,
      'no-endpoint',
      'No recognition endpoint is set: add one in the settings.',
      now(),
    );
    return { ...summary, outcome: 'paused' };
  }
  const { config, version } = endpoint;
  const pattern = originPattern(config.url);
  if (deps.hasPermission && !(await deps.hasPermission(pattern))) {
    const host = new URL(config.url).host;
    await setProblem(
      db,
      'permission',
      endpoint.source === 'policy'
        ? `Your organisation set the endpoint ${host}; captures wait here until you press “Allow delivery to ${host}”.`
        : `Sourced may not reach ${host} yet: save the endpoint in the settings to grant access.`,
      now(),
    );
    return { ...summary, outcome: 'paused' };
  }
  if (state.problem) await updateDeliveryState(db, (s) => ({ ...s, problem: undefined }));

  if (!force && state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now().getTime()) {
    return { ...summary, outcome: 'waiting', nextAttemptAt: state.nextAttemptAt };
  }

  const due = queued
    .filter((c) => force || !c.nextAttemptAt || Date.parse(c.nextAttemptAt) <= now().getTime())
    .sort((a, b) => (a.submittedAt ?? a.updatedAt).localeCompare(b.submittedAt ?? b.updatedAt));
  summary.outcome = 'ran';
  const secrets = secretValues(config);
  let transientInARow = 0;
  let endpointWait: string | undefined;

  // Batches: one transaction marks a batch delivering, a pool sends it a few requests at a time
  // (the browser keeps six connections per host), one transaction records the answers. Three
  // transactions per capture and one request at a time cost ~80 ms a capture; batches amortise both.
  batches: for (let i = 0; i < due.length; i += BATCH_SIZE) {
    const batch = await startBatch(
      deps,
      due.slice(i, i + BATCH_SIZE).map((c) => c.id),
    );
    if (batch.length === 0) continue;
    const sent = await sendPool(
      batch.map((s) => s.capture),
      (capture) => attemptOne(deps, config, secrets, capture),
    );
    await recordBatch(deps, config, secrets, batch, sent);
    const attempts = sent.filter((a): a is Attempt => a !== undefined);
    if (attempts.length === 0) continue;
    const latest = attempts.at(-1)!;
    await updateDeliveryState(db, (s) => ({
      ...s,
      lastAttemptAt: now().toISOString(),
      ...(attempts.some((a) => a.classification.kind === 'delivered')
        ? { lastSuccessAt: now().toISOString(), lastError: undefined, offline: false }
        : {}),
      ...(latest.classification.kind === 'retry'
        ? { lastError: latest.classification.reason }
        : {}),
    }));
    for (const { classification, status, notBefore } of attempts) {
      if (classification.kind === 'delivered') {
        summary.delivered++;
        transientInARow = 0;
      } else if (classification.kind === 'rejected') {
        summary.failed++;
        transientInARow = 0;
      } else if (classification.kind === 'retry') {
        summary.retried++;
        transientInARow++;
        // No answer at all, "slow down", or several captures failing alike: the endpoint is the
        // problem, so the whole outbox waits instead of trying every capture.
        if (
          status === 0 ||
          status === 429 ||
          status === 503 ||
          transientInARow >= ENDPOINT_DOWN_AFTER
        ) {
          endpointWait = notBefore?.toISOString();
        }
      }
    }
    const stop = attempts.find(
      (a) => a.classification.kind === 'paused' || a.classification.kind === 'gone',
    );
    if (stop && (stop.classification.kind === 'paused' || stop.classification.kind === 'gone')) {
      const reason = stop.classification.reason;
      const kind =
        stop.classification.kind === 'gone'
          ? 'gone'
          : /redirect|URL/.test(reason)
            ? 'misconfigured'
            : 'credentials';
      // Settings saved while this run was sending: the answer was about the old ones.
      if ((await effectiveEndpoint(db))?.version === version) {
        await setProblem(db, kind, problemMessage(kind, reason), now());
      }
      summary.outcome = 'paused';
      break batches;
    }
    if (endpointWait) break;
  }

  const remaining = await db.captures.where('status').equals('queued').toArray();
  const nextAttemptAt =
    endpointWait ?? earliest(remaining.map((c) => c.nextAttemptAt ?? now().toISOString()));
  await updateDeliveryState(db, (s) => ({ ...s, nextAttemptAt: endpointWait }));
  return { ...summary, nextAttemptAt: remaining.length > 0 ? nextAttemptAt : undefined };
}

/** Captures per batch (two transactions), and requests in flight at once (the browser's per-host limit). */
const BATCH_SIZE = 60;
const CONCURRENCY = 6;

/** An answer that says the endpoint, not the capture, is the problem: send no more of the batch. */
function haltsBatch(attempt: Attempt): boolean {
  const { kind } = attempt.classification;
  return (
    kind === 'paused' ||
    kind === 'gone' ||
    (kind === 'retry' && [0, 429, 503].includes(attempt.status))
  );
}

/** Send a batch with at most CONCURRENCY requests in flight; unsent entries stay undefined. */
async function sendPool(
  batch: Capture[],
  send: (capture: Capture) => Promise<Attempt>,
): Promise<(Attempt | undefined)[]> {
  const results: (Attempt | undefined)[] = new Array(batch.length).fill(undefined);
  let next = 0;
  let halted = false;
  const worker = async () => {
    while (!halted && next < batch.length) {
      const index = next++;
      const attempt = await send(batch[index]!);
      results[index] = attempt;
      if (haltsBatch(attempt)) halted = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
  return results;
}

interface Attempt {
  capture: Capture;
  classification: Classification;
  status: number;
  at: Date;
  durationMs: number;
  notBefore?: Date;
}

interface Started {
  /** The capture as it was queued, to put back if its request is never sent. */
  before: Capture;
  capture: Capture;
}

/** Mark a batch delivering in one transaction; captures no longer queued are left out. */
async function startBatch(deps: OutboxDeps, ids: string[]): Promise<Started[]> {
  const { db } = deps;
  const at = deps.now?.() ?? new Date();
  return db.transaction('rw', db.captures, async () => {
    const current = await db.captures.bulkGet(ids);
    const started = current
      .filter((c): c is Capture => c?.status === 'queued')
      .map((before) => ({ before, capture: startDelivery(before, at) }));
    await db.captures.bulkPut(started.map((s) => s.capture));
    return started;
  });
}

/** Send one capture and classify the answer; never throws. */
async function attemptOne(
  deps: OutboxDeps,
  config: EndpointConfig,
  secrets: string[],
  capture: Capture,
): Promise<Attempt> {
  const now = () => deps.now?.() ?? new Date();
  const at = now();
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let classification: Classification;
  let status = 0;
  let durationMs = 0;
  try {
    // The capture's own client stays in the body: a retry after an update of the extension must
    // be byte-for-byte the same event, or the endpoint refuses it as a conflicting duplicate.
    const request = await buildRequest(capture, config, at);
    try {
      const response = await deliver(request, { timeoutMs, fetch: deps.fetch });
      status = response.status;
      durationMs = response.durationMs;
      classification = classifyResponse(response, now(), secrets);
    } catch (error) {
      durationMs = (error as { durationMs?: number }).durationMs ?? 0;
      classification = classifyNetworkError(error, timeoutMs);
    }
  } catch (error) {
    // The capture itself cannot be sent (too large, or no longer valid): the user must edit it.
    const reason =
      error instanceof PayloadTooLargeError
        ? error.message
        : error instanceof ZodError
          ? 'this capture does not match the delivery format; edit and resubmit it'
          : 'this capture could not be prepared for delivery';
    classification = { kind: 'rejected', reason };
  }
  const notBefore =
    classification.kind === 'retry'
      ? new Date(
          now().getTime() + nextAttemptDelay(capture.attempts, classification.after, deps.random),
        )
      : undefined;
  return { capture, classification, status, at, durationMs, notBefore };
}

/**
 * Record a batch's answers in one transaction: the sync log, each capture's next state, and the
 * unsent captures put back as they were queued (no attempt counted).
 */
async function recordBatch(
  deps: OutboxDeps,
  config: EndpointConfig,
  secrets: string[],
  batch: Started[],
  sent: (Attempt | undefined)[],
): Promise<void> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  await db.transaction('rw', db.captures, db.syncLog, async () => {
    const attempts = sent.filter((a): a is Attempt => a !== undefined);
    await db.syncLog.bulkAdd(
      attempts.map((a) =>
        logEntry(a.capture, config, secrets, a.at, a.status, a.durationMs, a.classification),
      ),
    );
    const current = await db.captures.bulkGet(batch.map((s) => s.capture.id));
    const next: Capture[] = [];
    batch.forEach(({ before }, index) => {
      const capture = current[index];
      // Deleted (or changed) by the user meanwhile: the attempt is logged, the capture left alone.
      if (capture?.status !== 'delivering') return;
      const attempt = sent[index];
      next.push(
        attempt
          ? applyClassification(capture, attempt.classification, now, attempt.notBefore)
          : before,
      );
    });
    await db.captures.bulkPut(next);
  });
}

function applyClassification(
  capture: Capture,
  classification: Classification,
  now: Date,
  notBefore: Date | undefined,
): Capture {
  switch (classification.kind) {
    case 'delivered':
      return deliverySucceeded(capture, classification.receipt, now);
    case 'rejected':
      return deliveryRejected(capture, classification.reason, now);
    case 'retry':
      return deliveryDeferred(capture, classification.reason, now, notBefore);
    case 'paused':
    case 'gone':
      // Kept queued: the capture is fine, the endpoint settings are not.
      return deliveryDeferred(capture, classification.reason, now);
  }
}

function logEntry(
  capture: Capture,
  config: EndpointConfig,
  secrets: string[],
  at: Date,
  status: number,
  durationMs: number,
  classification: Classification,
): SyncLogEntry {
  const error =
    classification.kind === 'delivered'
      ? undefined
      : [classification.reason, 'error' in classification ? classification.error : undefined]
          .filter(Boolean)
          .join(' — ');
  return {
    at: at.toISOString(),
    captureId: capture.id,
    eventId: eventId(capture),
    // redactUrl drops user info, query and the key part of Slack/Teams paths; the rest is no secret.
    url: redactUrl(config.url),
    status,
    result:
      classification.kind === 'delivered'
        ? 'delivered'
        : classification.kind === 'retry'
          ? 'retry'
          : classification.kind,
    durationMs,
    error: error ? redactSecrets(error, secrets).slice(0, 300) : undefined,
  };
}

function earliest(times: (string | undefined)[]): string | undefined {
  return times.filter((t): t is string => t !== undefined).sort()[0];
}

function problemMessage(kind: string, reason: string): string {
  switch (kind) {
    case 'credentials':
      return `The endpoint refused Sourced's credentials (${reason}). Delivery is paused until you save the endpoint settings again; nothing is lost.`;
    case 'gone':
      return 'The endpoint says it no longer exists (410). Delivery is stopped until you set a new endpoint; everything stays queued.';
    default:
      return `Delivery is paused: ${reason}. Nothing is lost.`;
  }
}

async function setProblem(
  db: SourcedDatabase,
  kind: NonNullable<DeliveryState['problem']>['kind'],
  message: string,
  now: Date,
): Promise<void> {
  await updateDeliveryState(db, (s) => ({
    ...s,
    problem: {
      kind,
      message: message.slice(0, 500),
      since: s.problem?.kind === kind ? s.problem.since : now.toISOString(),
    },
  }));
}

/** The user saved the endpoint settings: lift a pause and retry what waits, now. */
export async function endpointSettingsChanged(db: SourcedDatabase): Promise<void> {
  await updateDeliveryState(db, (s) => ({ ...s, problem: undefined, nextAttemptAt: undefined }));
}

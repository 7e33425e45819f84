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
import { loadEndpoint } from '../endpoint-settings';
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

  const config = await loadEndpoint(db);
  if (!config) {
    await setProblem(
      db,
      'no-endpoint',
      'No recognition endpoint is set: add one in the settings.',
      now(),
    );
    return { ...summary, outcome: 'paused' };
  }
  const pattern = originPattern(config.url);
  if (deps.hasPermission && !(await deps.hasPermission(pattern))) {
    await setProblem(
      db,
      'permission',
      `Sourced may not reach ${new URL(config.url).host} yet: save the endpoint in the settings to grant access.`,
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

  for (const queuedCapture of due) {
    const attempt = await deliverOne(deps, config, secrets, queuedCapture.id);
    if (!attempt) continue;
    const { classification, capture } = attempt;
    await updateDeliveryState(db, (s) => ({
      ...s,
      lastAttemptAt: now().toISOString(),
      ...(classification.kind === 'delivered'
        ? { lastSuccessAt: now().toISOString(), lastError: undefined, offline: false }
        : {}),
      ...(classification.kind === 'retry' ? { lastError: classification.reason } : {}),
    }));
    if (classification.kind === 'delivered') {
      summary.delivered++;
      transientInARow = 0;
    } else if (classification.kind === 'rejected') {
      summary.failed++;
      transientInARow = 0;
    } else if (classification.kind === 'paused' || classification.kind === 'gone') {
      const kind =
        classification.kind === 'gone'
          ? 'gone'
          : /redirect|URL/.test(classification.reason)
            ? 'misconfigured'
            : 'credentials';
      await setProblem(db, kind, problemMessage(kind, classification.reason), now());
      summary.outcome = 'paused';
      break;
    } else {
      summary.retried++;
      transientInARow++;
      // No answer at all, "slow down", or several captures failing alike: the endpoint is the
      // problem, so the whole outbox waits instead of trying every capture.
      const endpointLevel =
        attempt.status === 0 ||
        attempt.status === 429 ||
        attempt.status === 503 ||
        transientInARow >= ENDPOINT_DOWN_AFTER;
      if (endpointLevel) {
        endpointWait = capture.nextAttemptAt;
        break;
      }
    }
  }

  const remaining = await db.captures.where('status').equals('queued').toArray();
  const nextAttemptAt =
    endpointWait ?? earliest(remaining.map((c) => c.nextAttemptAt ?? now().toISOString()));
  await updateDeliveryState(db, (s) => ({ ...s, nextAttemptAt: endpointWait }));
  return { ...summary, nextAttemptAt: remaining.length > 0 ? nextAttemptAt : undefined };
}

interface Attempt {
  classification: Classification;
  capture: Capture;
  status: number;
}

/** Deliver one capture: mark it delivering, send, record the answer. Undefined if it went away. */
async function deliverOne(
  deps: OutboxDeps,
  config: EndpointConfig,
  secrets: string[],
  id: string,
): Promise<Attempt | undefined> {
  const { db } = deps;
  const now = () => deps.now?.() ?? new Date();
  const started = await db.transaction('rw', db.captures, async () => {
    const current = await db.captures.get(id);
    if (current?.status !== 'queued') return undefined;
    const next = startDelivery(current, now());
    await db.captures.put(next);
    return next;
  });
  if (!started) return undefined;

  const at = now();
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let classification: Classification;
  let status = 0;
  let durationMs = 0;
  try {
    const request = await buildRequest(started, config, at, deps.clientVersion);
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

  const delay =
    classification.kind === 'retry'
      ? nextAttemptDelay(started.attempts, classification.after, deps.random)
      : undefined;
  const notBefore = delay === undefined ? undefined : new Date(now().getTime() + delay);
  const capture = await db.transaction('rw', db.captures, db.syncLog, async () => {
    await db.syncLog.add(
      logEntry(started, config, secrets, at, status, durationMs, classification),
    );
    const current = await db.captures.get(id);
    // Deleted by the user meanwhile: the attempt is logged, the capture stays deleted.
    if (current?.status !== 'delivering') return current ?? started;
    const next = applyClassification(current, classification, now(), notBefore);
    await db.captures.put(next);
    return next;
  });
  return { classification, capture, status };
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

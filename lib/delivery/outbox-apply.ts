/**
 * Apply a sent batch's answers: in one transaction the sync log and each capture's next state
 * (unsent captures put back as they were queued, no attempt counted); then the delivery state, the
 * run's tally, and a pause when an answer stops delivery.
 */
import { deliveryDeferred, deliveryRejected, deliverySucceeded } from '../capture-lifecycle';
import { eventId, type Capture } from '../capture';
import { allowedStatusUrl } from '../recognition/status-url';
import { effectiveEndpoint } from '../settings/effective';
import { redactUrl, type SyncLogEntry } from '../sync-log';
import { logError } from './attempt';
import { setDeliveryProblem, updateDeliveryState, type EndpointProblem } from './delivery-state';
import { clockOf, type OutboxDeps, type SyncRunSummary } from './outbox-run';
import type { RunEndpoint } from './outbox-plan';
import type { Attempt, SentBatch } from './outbox-send';
import { stopsDelivery, type Classification } from './response';

/** Record `sent` and count it into `summary`; 'stop' when an answer paused delivery. */
export async function applyBatch(
  deps: OutboxDeps,
  endpoint: RunEndpoint,
  sent: SentBatch,
  summary: SyncRunSummary,
): Promise<'continue' | 'stop'> {
  const { db } = deps;
  const now = clockOf(deps);
  await recordBatch(deps, endpoint, sent);
  const attempts = sent.attempts.filter((a): a is Attempt => a !== undefined);
  if (attempts.length === 0) return 'continue';

  const latest = attempts.at(-1)!.classification;
  await updateDeliveryState(db, (s) => ({
    ...s,
    lastAttemptAt: now().toISOString(),
    ...(attempts.some((a) => a.classification.kind === 'delivered')
      ? { lastSuccessAt: now().toISOString(), lastError: undefined, offline: false }
      : {}),
    ...(latest.kind === 'retry' ? { lastError: latest.reason } : {}),
  }));
  for (const { classification } of attempts) {
    if (classification.kind === 'delivered') summary.delivered++;
    else if (classification.kind === 'rejected') summary.failed++;
    else if (classification.kind === 'retry') summary.retried++;
  }

  const stop = attempts.map((a) => a.classification).find(stopsDelivery);
  if (!stop) return 'continue';
  // Settings saved (or a policy changed) while this run was sending: the answer was about the
  // old ones.
  if ((await effectiveEndpoint(db))?.version === endpoint.version) {
    await setDeliveryProblem(db, stop.problem, problemMessage(stop.problem, stop.reason), now());
  }
  return 'stop';
}

async function recordBatch(
  deps: OutboxDeps,
  endpoint: RunEndpoint,
  { started, attempts }: SentBatch,
): Promise<void> {
  const { db } = deps;
  if (started.length === 0) return;
  const now = clockOf(deps)();
  await db.transaction('rw', db.captures, db.syncLog, async () => {
    await db.syncLog.bulkAdd(
      attempts.filter((a): a is Attempt => a !== undefined).map((a) => logEntry(a, endpoint)),
    );
    const current = await db.captures.bulkGet(started.map((s) => s.capture.id));
    const next: Capture[] = [];
    started.forEach(({ before }, index) => {
      const capture = current[index];
      // Deleted (or changed) by the user meanwhile: the attempt is logged, the capture left alone.
      if (capture?.status !== 'delivering') return;
      const attempt = attempts[index];
      next.push(attempt ? applyClassification(capture, receiptOf(attempt, endpoint), now) : before);
    });
    await db.captures.bulkPut(next);
  });
}

/** The attempt with a v1.1 status URL kept only when this endpoint may be asked it. */
function receiptOf(attempt: Attempt, { config }: RunEndpoint): Attempt {
  const { classification } = attempt;
  if (classification.kind !== 'delivered' || !classification.receipt?.status) return attempt;
  const { status, ...rest } = classification.receipt;
  const allowed = allowedStatusUrl(status, config);
  const receipt = allowed ? { ...rest, status: allowed } : rest.id || rest.url ? rest : undefined;
  return { ...attempt, classification: { kind: 'delivered', receipt } };
}

function applyClassification(capture: Capture, attempt: Attempt, now: Date): Capture {
  const { classification } = attempt;
  switch (classification.kind) {
    case 'delivered':
      return deliverySucceeded(capture, classification.receipt, now);
    case 'rejected':
      return deliveryRejected(capture, classification.reason, now);
    case 'retry':
      return deliveryDeferred(capture, classification.reason, now, attempt.notBefore);
    case 'paused':
    case 'gone':
      // Kept queued: the capture is fine, the endpoint settings are not.
      return deliveryDeferred(capture, classification.reason, now);
  }
}

function logEntry(attempt: Attempt, { config, secrets }: RunEndpoint): SyncLogEntry {
  const { capture, classification } = attempt;
  return {
    at: attempt.at.toISOString(),
    captureId: capture.id,
    eventId: eventId(capture),
    // redactUrl drops user info, query and the key part of Slack/Teams paths; the rest is no secret.
    url: redactUrl(config.url),
    status: attempt.status,
    result: classification.kind,
    durationMs: attempt.durationMs,
    error: failure(classification, secrets),
  };
}

function failure(classification: Classification, secrets: readonly string[]): string | undefined {
  if (classification.kind === 'delivered') return undefined;
  return logError(classification.reason, classification.error, secrets);
}

function problemMessage(problem: EndpointProblem, reason: string): string {
  switch (problem) {
    case 'credentials':
      // Said once, with the server's own reason in `reason`: "credentials refused (401): …".
      return `Delivery paused: ${reason}. Fix the token or signing secret and save the endpoint settings to resume; nothing is lost.`;
    case 'gone':
      return 'The endpoint says it no longer exists (410). Delivery is stopped until you set a new endpoint; everything stays queued.';
    case 'misconfigured':
      return `Delivery is paused: ${reason}. Nothing is lost.`;
  }
}

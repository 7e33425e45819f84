/**
 * The outbox: delivers queued captures to the configured endpoint, one run at a time across every
 * extension context, and writes every attempt to the sync log. Nothing leaves the outbox except a
 * capture the endpoint accepted (or one the user deleted); a run cut short by the service worker
 * being killed leaves captures `delivering`, and the next run sends them again with the same
 * event id, which the endpoint de-duplicates.
 *
 * A run is three steps: plan it (outbox-plan.ts), send a batch (outbox-send.ts), apply the
 * answers (outbox-apply.ts); the last two repeat per batch until one says stop.
 */
import type { SourcedDatabase } from '../db/database';
import { updateDeliveryState } from './delivery-state';
import { EndpointWatch } from './endpoint-watch';
import { applyBatch } from './outbox-apply';
import { withOutboxLock } from './outbox-lock';
import { planRun } from './outbox-plan';
import { clockOf, emptyRun, type OutboxDeps, type SyncRunSummary } from './outbox-run';
import { sendBatch } from './outbox-send';

export type { OutboxDeps, SyncRunSummary } from './outbox-run';

export async function runOutbox(
  deps: OutboxDeps,
  options: { force?: boolean } = {},
): Promise<SyncRunSummary> {
  const result = await withOutboxLock(deps.db, () => run(deps, options.force ?? false));
  return result === 'busy' ? emptyRun('busy') : result;
}

async function run(deps: OutboxDeps, force: boolean): Promise<SyncRunSummary> {
  const plan = await planRun(deps, force);
  if (!plan.send) return plan.summary;
  const summary = emptyRun('ran');
  const watch = new EndpointWatch();
  for (const ids of plan.batches) {
    const sent = await sendBatch(deps, plan.endpoint, ids, watch);
    if ((await applyBatch(deps, plan.endpoint, sent, summary)) === 'stop') {
      summary.outcome = 'paused';
      break;
    }
    if (watch.down) break;
  }
  return { ...summary, nextAttemptAt: await nextAttempt(deps, watch) };
}

/** The endpoint's wait when it is down, else the earliest capture still queued. */
async function nextAttempt(deps: OutboxDeps, watch: EndpointWatch): Promise<string | undefined> {
  const { db } = deps;
  const endpointWait = watch.waitUntil?.toISOString();
  await updateDeliveryState(db, (s) => ({ ...s, nextAttemptAt: endpointWait }));
  const remaining = await db.captures.where('status').equals('queued').toArray();
  if (remaining.length === 0) return undefined;
  const now = clockOf(deps)().toISOString();
  return endpointWait ?? remaining.map((c) => c.nextAttemptAt ?? now).sort()[0];
}

/** The user saved the endpoint settings: lift a pause and retry what waits, now. */
export async function endpointSettingsChanged(db: SourcedDatabase): Promise<void> {
  await updateDeliveryState(db, (s) => ({ ...s, problem: undefined, nextAttemptAt: undefined }));
}

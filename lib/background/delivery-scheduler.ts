/**
 * When the outbox runs: on demand (submit, "sync now", settings saved), on a periodic alarm, at
 * browser start-up, when the browser comes back online, and at the time the last run said the next
 * capture is due. Runs never overlap: a request during a run is remembered and served after it.
 */
import type { SyncRunSummary } from '../delivery/outbox-run';

export interface SchedulerDeps {
  run: (force: boolean) => Promise<SyncRunSummary>;
  /** Wake the worker at `when` (ms since epoch) even if it was stopped meanwhile. */
  wakeAt: (when: number) => void;
  onRunEnd?: (result: SyncRunSummary) => void;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** A service worker lives about 30 s after its last event; wait in memory only below that. */
const IN_MEMORY_WAIT_MS = 25_000;

export function createDeliveryScheduler(deps: SchedulerDeps) {
  let current: Promise<SyncRunSummary | undefined> | undefined;
  let next: { force: boolean; promise: Promise<SyncRunSummary | undefined> } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function runOnce(force: boolean): Promise<SyncRunSummary | undefined> {
    try {
      const result = await deps.run(force);
      deps.onRunEnd?.(result);
      if (result.nextAttemptAt) {
        const when = Date.parse(result.nextAttemptAt);
        deps.wakeAt(when);
        const wait = when - (deps.now?.() ?? Date.now());
        clearTimeout(timer);
        if (wait <= IN_MEMORY_WAIT_MS) {
          timer = setTimeout(() => void trigger(false), Math.max(wait, 0) + 50);
        }
      }
      return result;
    } catch (error) {
      deps.onError?.(error);
      return undefined;
    }
  }

  /** Ask for a run; resolves with the run that served this request. */
  function trigger(force: boolean): Promise<SyncRunSummary | undefined> {
    if (!current) {
      current = runOnce(force).finally(() => {
        current = undefined;
      });
      return current;
    }
    // A run is under way: requests made meanwhile share one follow-up run.
    if (next) {
      next.force ||= force;
      return next.promise;
    }
    const follow: { force: boolean; promise: Promise<SyncRunSummary | undefined> } = {
      force,
      promise: current.then(() => {
        next = undefined;
        return trigger(follow.force);
      }),
    };
    next = follow;
    return follow.promise;
  }

  return { trigger };
}

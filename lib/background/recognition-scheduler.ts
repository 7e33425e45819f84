/**
 * When the background asks status URLs (protocol v1.1): on a periodic alarm (each capture at most
 * hourly, lib/recognition/schedule.ts), after a delivery run that delivered something, and when
 * the popup opens. One check at a time: a request during a check shares it, or the one after it
 * when it asks for the popup's shorter interval.
 */
import type { CheckSummary } from '../recognition/check';
import type { CheckTrigger } from '../recognition/schedule';

export interface RecognitionSchedulerDeps {
  check: (trigger: CheckTrigger) => Promise<CheckSummary>;
  onError?: (error: unknown) => void;
}

export function createRecognitionScheduler(deps: RecognitionSchedulerDeps) {
  let current: { trigger: CheckTrigger; promise: Promise<CheckSummary | undefined> } | undefined;
  let next: Promise<CheckSummary | undefined> | undefined;

  const start = (trigger: CheckTrigger) => {
    const promise = deps
      .check(trigger)
      .catch((error: unknown) => {
        deps.onError?.(error);
        return undefined;
      })
      .finally(() => {
        if (current?.promise === promise) current = undefined;
      });
    current = { trigger, promise };
    return promise;
  };

  return {
    trigger(trigger: CheckTrigger): Promise<CheckSummary | undefined> {
      if (!current) return start(trigger);
      // The running check covers a scheduled request, and a popup request if it is one itself.
      if (trigger === 'schedule' || current.trigger === 'popup') return current.promise;
      next ??= current.promise.then(() => {
        next = undefined;
        return start('popup');
      });
      return next;
    },
  };
}

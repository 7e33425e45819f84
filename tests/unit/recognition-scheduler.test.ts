/** The background's status checks never overlap; the popup's request is served, not dropped. */
import { expect, test } from 'vitest';
import { createRecognitionScheduler } from '../../lib/background/recognition-scheduler';
import type { CheckSummary } from '../../lib/recognition/check';
import type { CheckTrigger } from '../../lib/recognition/schedule';

function controlled() {
  const calls: CheckTrigger[] = [];
  const pending: ((summary: CheckSummary) => void)[] = [];
  const scheduler = createRecognitionScheduler({
    check: (trigger) => {
      calls.push(trigger);
      return new Promise((resolve) => pending.push(resolve));
    },
  });
  const finish = (asked: number) => pending.shift()!({ asked, changed: 0 });
  return { scheduler, calls, finish };
}

test('a scheduled request during a check shares it', async () => {
  const { scheduler, calls, finish } = controlled();
  const a = scheduler.trigger('schedule');
  const b = scheduler.trigger('schedule');
  finish(3);
  expect(await a).toEqual({ asked: 3, changed: 0 });
  expect(await b).toEqual({ asked: 3, changed: 0 });
  expect(calls).toEqual(['schedule']);
});

test('the popup opening during a scheduled check gets a popup check right after it', async () => {
  const { scheduler, calls, finish } = controlled();
  const scheduled = scheduler.trigger('schedule');
  const popup = scheduler.trigger('popup');
  const popupAgain = scheduler.trigger('popup');
  finish(1);
  await scheduled;
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(calls).toEqual(['schedule', 'popup']);
  finish(2);
  expect(await popup).toEqual({ asked: 2, changed: 0 });
  expect(await popupAgain).toEqual({ asked: 2, changed: 0 });
});

test('a failed check is reported and the next one runs', async () => {
  const errors: unknown[] = [];
  let fail = true;
  const scheduler = createRecognitionScheduler({
    check: async () => {
      if (fail) throw new Error('boom');
      return { asked: 1, changed: 1 };
    },
    onError: (error) => errors.push(error),
  });
  expect(await scheduler.trigger('popup')).toBeUndefined();
  expect(errors).toHaveLength(1);
  fail = false;
  expect(await scheduler.trigger('popup')).toEqual({ asked: 1, changed: 1 });
});

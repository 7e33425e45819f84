/**
 * The "Any news?" actions: move a capture to another stage in one step (a new revision, queued,
 * delivered as `capture.updated`), or snooze its reminder for two weeks. "No longer relevant" is
 * the ordinary withdraw (lib/capture-store.ts).
 */
import { editCapture, LifecycleError } from '../capture-lifecycle';
import type { Capture } from '../capture';
import { CaptureNotFoundError, type StoreContext } from '../capture-store';
import { OUTCOME_STAGES } from '../capture-constants';
import { snoozeUntil } from './select';

export async function updateStage(
  ctx: StoreContext,
  id: string,
  stage: Capture['outcome']['stage'],
): Promise<Capture> {
  if (!OUTCOME_STAGES.includes(stage)) throw new LifecycleError('That is not a stage.');
  const now = ctx.now?.() ?? new Date();
  const identity = await ctx.identity();
  const { db } = ctx;
  return db.transaction('rw', db.captures, db.followupSnoozes, async () => {
    const capture = await db.captures.get(id);
    if (!capture) throw new CaptureNotFoundError('That capture no longer exists.');
    const next = editCapture(capture, { ...capture.outcome, stage }, identity, true, now);
    await db.captures.put(next);
    // A new stage starts a new wait; an old snooze has nothing left to say.
    await db.followupSnoozes.delete(id);
    return next;
  });
}

export async function snoozeFollowup(ctx: StoreContext, id: string): Promise<string> {
  const now = ctx.now?.() ?? new Date();
  const { db } = ctx;
  return db.transaction('rw', db.captures, db.followupSnoozes, async () => {
    if (!(await db.captures.get(id))) {
      throw new CaptureNotFoundError('That capture no longer exists.');
    }
    const until = snoozeUntil(now);
    await db.followupSnoozes.put({ captureId: id, until });
    return until;
  });
}

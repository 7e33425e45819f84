/**
 * "Any news?": the delivered captures whose stage is not final (identified, in progress) and that
 * nobody changed for the configured number of days, unless the user snoozed them. The popup lists
 * them; the badge counts them when the user turned that on. Free of Zod.
 */
import Dexie from 'dexie';
import type { Capture } from '../capture';
import type { SourcedDatabase } from '../db/database';
import type { FollowupSettings } from './settings';

export const DAY_MS = 86_400_000;
/** "Remind me later": two weeks. */
export const SNOOZE_DAYS = 14;
/** Stages that can still move. */
export const OPEN_STAGES: readonly Capture['outcome']['stage'][] = ['identified', 'in_progress'];

type Followed = Pick<Capture, 'status' | 'intent' | 'outcome' | 'updatedAt'>;

/**
 * Whether `capture` needs news at `now`. Only a delivered capture counts: a draft or a failure
 * already has its own call to action, and one on its way out is being dealt with.
 */
export function needsFollowup(
  capture: Followed,
  snoozedUntil: string | undefined,
  now: Date,
  days: number,
): boolean {
  if (capture.status !== 'delivered' || capture.intent !== 'submit') return false;
  if (!OPEN_STAGES.includes(capture.outcome.stage)) return false;
  if (snoozedUntil && Date.parse(snoozedUntil) > now.getTime()) return false;
  return now.getTime() - Date.parse(capture.updatedAt) >= days * DAY_MS;
}

/**
 * At most this many captures are listed (and counted: "1000+"). A history of years holds tens of
 * thousands of stale delivered captures: reading them all took seconds at 100,000 and held the
 * database while the popup opened, every search waiting behind it.
 */
export const MAX_FOLLOWUPS = 1000;

/**
 * The captures that need news, the longest unchanged first, at most `limit` of them. The index
 * gives the delivered ones changed before the cutoff, oldest first; they are read one by one only
 * until `limit` qualify (the snoozes in force, a short list, are read first for that).
 */
export async function followupCaptures(
  db: SourcedDatabase,
  now: Date,
  settings: Pick<FollowupSettings, 'days'>,
  limit = MAX_FOLLOWUPS,
): Promise<Capture[]> {
  const cutoff = new Date(now.getTime() - settings.days * DAY_MS).toISOString();
  const snoozed = new Map(
    (await db.followupSnoozes.where('until').above(now.toISOString()).toArray()).map((s) => [
      s.captureId,
      s.until,
    ]),
  );
  return db.captures
    .where('[status+updatedAt]')
    .between(['delivered', Dexie.minKey], ['delivered', cutoff], true, true)
    .filter((c) => needsFollowup(c, snoozed.get(c.id), now, settings.days))
    .limit(limit)
    .toArray();
}

/** When a snooze made now ends. */
export function snoozeUntil(now: Date): string {
  return new Date(now.getTime() + SNOOZE_DAYS * DAY_MS).toISOString();
}

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

/** The captures that need news, the longest unchanged first. */
export async function followupCaptures(
  db: SourcedDatabase,
  now: Date,
  settings: Pick<FollowupSettings, 'days'>,
): Promise<Capture[]> {
  const cutoff = new Date(now.getTime() - settings.days * DAY_MS).toISOString();
  // Delivered and changed before the cutoff, oldest first: the index reads only those.
  const stale = await db.captures
    .where('[status+updatedAt]')
    .between(['delivered', Dexie.minKey], ['delivered', cutoff], true, true)
    .toArray();
  const open = stale.filter((c) => needsFollowup(c, undefined, now, settings.days));
  if (open.length === 0) return [];
  const snoozes = await db.followupSnoozes.bulkGet(open.map((c) => c.id));
  return open.filter((c, i) => needsFollowup(c, snoozes[i]?.until, now, settings.days));
}

/** When a snooze made now ends. */
export function snoozeUntil(now: Date): string {
  return new Date(now.getTime() + SNOOZE_DAYS * DAY_MS).toISOString();
}

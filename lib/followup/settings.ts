/**
 * The follow-up settings of the options page: after how many days without a change a capture
 * whose stage is not final shows under "Any news?", and whether the toolbar badge counts those.
 * Kept in the extension-origin database (nothing a site's content script needs); read without
 * Zod so that the popup's first screen does not carry it, every field checked on its own.
 */
import type { SourcedDatabase } from '../db/database';

export const FOLLOWUP_KEY = 'followup';
export const DEFAULT_FOLLOWUP_DAYS = 30;
export const MIN_FOLLOWUP_DAYS = 1;
export const MAX_FOLLOWUP_DAYS = 365;

export interface FollowupSettings {
  /** Days a capture's stage stays unchanged before it is asked about. */
  days: number;
  /** Whether the toolbar badge counts the captures waiting for news (off by default). */
  badge: boolean;
}

export const DEFAULT_FOLLOWUP: FollowupSettings = { days: DEFAULT_FOLLOWUP_DAYS, badge: false };

export function validFollowupDays(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= MIN_FOLLOWUP_DAYS &&
    value <= MAX_FOLLOWUP_DAYS
  );
}

/** Each valid field kept, each other one back to its default. */
export function repairFollowup(value: unknown): FollowupSettings {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return {
    days: validFollowupDays(v.days) ? v.days : DEFAULT_FOLLOWUP.days,
    badge: typeof v.badge === 'boolean' ? v.badge : DEFAULT_FOLLOWUP.badge,
  };
}

export async function readFollowupSettings(db: SourcedDatabase): Promise<FollowupSettings> {
  return repairFollowup((await db.settings.get(FOLLOWUP_KEY))?.value);
}

export async function saveFollowupSettings(
  db: SourcedDatabase,
  value: FollowupSettings,
): Promise<FollowupSettings> {
  if (!validFollowupDays(value.days)) {
    throw new RangeError(
      `Enter a whole number of days from ${MIN_FOLLOWUP_DAYS} to ${MAX_FOLLOWUP_DAYS}.`,
    );
  }
  const saved = repairFollowup(value);
  await db.settings.put({ key: FOLLOWUP_KEY, value: saved });
  return saved;
}

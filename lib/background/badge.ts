/**
 * The toolbar badge: how many captures need the user (drafts to submit, failures to fix), plus
 * the captures waiting for news ("Any news?") when the user turned that on in the options page.
 */
import type { SourcedDatabase } from '../db/database';
import { followupCaptures } from '../followup/select';
import { readFollowupSettings } from '../followup/settings';

export interface BadgeApi {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
}

export interface BadgeFigures {
  drafts: number;
  failed: number;
  /** Captures waiting for news; 0 unless the badge setting counts them. */
  followups: number;
}

export async function badgeFigures(
  db: SourcedDatabase,
  now: Date = new Date(),
): Promise<BadgeFigures> {
  const [drafts, failed, followups] = await Promise.all([
    db.captures.where('status').equals('draft').count(),
    db.captures.where('status').equals('failed').count(),
    readFollowupSettings(db).then(async (settings) =>
      settings.badge ? (await followupCaptures(db, now, settings)).length : 0,
    ),
  ]);
  return { drafts, failed, followups };
}

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

export async function refreshBadge(
  db: SourcedDatabase,
  api: BadgeApi,
  now: Date = new Date(),
): Promise<void> {
  const { drafts, failed, followups } = await badgeFigures(db, now);
  await api.setBadgeText({ text: badgeText(drafts + failed + followups) });
  // Red when something failed, the brand's teal otherwise.
  await api.setBadgeBackgroundColor({ color: failed > 0 ? '#cf222e' : '#0f766e' });
}

/** The toolbar badge: how many captures need the user (drafts to submit, failures to fix). */
import type { SourcedDatabase } from '../db/database';

export interface BadgeApi {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
}

export async function badgeFigures(
  db: SourcedDatabase,
): Promise<{ drafts: number; failed: number }> {
  const [drafts, failed] = await Promise.all([
    db.captures.where('status').equals('draft').count(),
    db.captures.where('status').equals('failed').count(),
  ]);
  return { drafts, failed };
}

export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

export async function refreshBadge(db: SourcedDatabase, api: BadgeApi): Promise<void> {
  const { drafts, failed } = await badgeFigures(db);
  await api.setBadgeText({ text: badgeText(drafts + failed) });
  // Red when something failed, the brand's teal when there are only drafts waiting.
  await api.setBadgeBackgroundColor({ color: failed > 0 ? '#cf222e' : '#0f766e' });
}

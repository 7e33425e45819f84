/** "Any news?": which captures are asked about, the one-step actions, the setting and the badge. */
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { badgeFigures, refreshBadge } from '../../lib/background/badge';
import { eventType, type Capture } from '../../lib/capture';
import type { StoreContext } from '../../lib/capture-store';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { snoozeFollowup, updateStage } from '../../lib/followup/actions';
import {
  DAY_MS,
  followupCaptures,
  MAX_FOLLOWUPS,
  needsFollowup,
  SNOOZE_DAYS,
} from '../../lib/followup/select';
import {
  DEFAULT_FOLLOWUP,
  readFollowupSettings,
  repairFollowup,
  saveFollowupSettings,
} from '../../lib/followup/settings';
import { capture, NOW, OUTCOME } from './capture-fixtures';

let db: SourcedDatabase;
beforeEach(() => {
  db = openDatabase(`followup-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

function delivered(stage: Capture['outcome']['stage'], days: number, extra: Partial<Capture> = {}) {
  return capture({
    status: 'delivered',
    deliveredRevision: 1,
    deliveredAt: daysAgo(days),
    updatedAt: daysAgo(days),
    outcome: { ...OUTCOME, type: 'lead', stage },
    ...extra,
  });
}

const ctx = (): StoreContext => ({
  db,
  identity: async () => ({ name: 'Ada Example', email: 'ada@example.com' }),
  privacy: async () => ({ excerptLength: 280, keepAuthorNames: true }),
  clientVersion: '0.1.0',
  now: () => NOW,
});

describe('selection', () => {
  test('a delivered capture at a stage that can move, unchanged for the set number of days', () => {
    expect(needsFollowup(delivered('identified', 30), undefined, NOW, 30)).toBe(true);
    expect(needsFollowup(delivered('in_progress', 45), undefined, NOW, 30)).toBe(true);
    expect(needsFollowup(delivered('in_progress', 29.9), undefined, NOW, 30)).toBe(false);
    expect(needsFollowup(delivered('in_progress', 8), undefined, NOW, 7)).toBe(true);
  });

  test('not a final stage, not before delivery, not on its way out', () => {
    expect(needsFollowup(delivered('won', 90), undefined, NOW, 30)).toBe(false);
    expect(needsFollowup(delivered('lost', 90), undefined, NOW, 30)).toBe(false);
    for (const status of ['draft', 'queued', 'failed', 'withdrawn'] as const) {
      expect(needsFollowup(delivered('identified', 90, { status }), undefined, NOW, 30)).toBe(
        false,
      );
    }
    const leaving = delivered('identified', 90, { intent: 'withdraw' });
    expect(needsFollowup(leaving, undefined, NOW, 30)).toBe(false);
  });

  test('a snooze hides it until it ends', () => {
    const c = delivered('identified', 40);
    const later = new Date(NOW.getTime() + DAY_MS).toISOString();
    expect(needsFollowup(c, later, NOW, 30)).toBe(false);
    expect(needsFollowup(c, daysAgo(1), NOW, 30)).toBe(true);
  });

  test('from the database, with snoozes, oldest first', async () => {
    const old = delivered('identified', 60);
    const stale = delivered('in_progress', 31);
    const fresh = delivered('in_progress', 3);
    const won = delivered('won', 60);
    const snoozed = delivered('identified', 50);
    await db.captures.bulkPut([stale, fresh, won, old, snoozed]);
    await db.followupSnoozes.put({ captureId: snoozed.id, until: daysAgo(-2) });
    const ids = (await followupCaptures(db, NOW, { days: 30 })).map((c) => c.id);
    expect(ids).toEqual([old.id, stale.id]);
    expect((await followupCaptures(db, NOW, { days: 2 })).map((c) => c.id)).toEqual([
      old.id,
      stale.id,
      fresh.id,
    ]);
  });
});

describe('a long history', () => {
  test('lists the oldest `limit` that need news; what is won or snoozed takes no place in it', async () => {
    // 40 stale delivered captures, one a day: every third is won, every fifth snoozed.
    const all = Array.from({ length: 40 }, (_, i) =>
      delivered(i % 3 === 0 ? 'won' : 'identified', 100 - i),
    );
    await db.captures.bulkPut(all);
    const snoozed = all.filter((_, i) => i % 5 === 0);
    await db.followupSnoozes.bulkPut(snoozed.map((c) => ({ captureId: c.id, until: daysAgo(-3) })));
    // A snooze that ended counts for nothing.
    await db.followupSnoozes.put({ captureId: all[1]!.id, until: daysAgo(1) });
    const open = all.filter((_, i) => i % 3 !== 0 && i % 5 !== 0);
    const everything = await followupCaptures(db, NOW, { days: 30 });
    expect(everything.map((c) => c.id)).toEqual(open.map((c) => c.id));
    const first = await followupCaptures(db, NOW, { days: 30 }, 5);
    expect(first.map((c) => c.id)).toEqual(open.slice(0, 5).map((c) => c.id));
    expect(everything.length).toBeLessThanOrEqual(MAX_FOLLOWUPS);
  });
});

describe('actions', () => {
  test('a one-step stage update is a new revision, queued, delivered as capture.updated', async () => {
    const c = delivered('in_progress', 40);
    await db.captures.put(c);
    await db.followupSnoozes.put({ captureId: c.id, until: daysAgo(-1) });
    const next = await updateStage(ctx(), c.id, 'won');
    expect(next).toMatchObject({ status: 'queued', revision: 2, intent: 'submit' });
    expect(next.outcome).toEqual({ ...c.outcome, stage: 'won' });
    expect(eventType(next)).toBe('capture.updated');
    expect(await db.captures.get(c.id)).toEqual(next);
    expect(await db.followupSnoozes.get(c.id)).toBeUndefined();
    expect(await followupCaptures(db, NOW, { days: 30 })).toEqual([]);
  });

  test('a snooze lasts two weeks', async () => {
    const c = delivered('identified', 40);
    await db.captures.put(c);
    const until = await snoozeFollowup(ctx(), c.id);
    expect(Date.parse(until) - NOW.getTime()).toBe(SNOOZE_DAYS * DAY_MS);
    expect(await followupCaptures(db, NOW, { days: 30 })).toEqual([]);
    const after = new Date(NOW.getTime() + (SNOOZE_DAYS + 1) * DAY_MS);
    expect((await followupCaptures(db, after, { days: 30 })).map((x) => x.id)).toEqual([c.id]);
  });

  test('a deleted capture cannot be updated or snoozed', async () => {
    await expect(updateStage(ctx(), capture().id, 'won')).rejects.toThrow('no longer exists');
    await expect(snoozeFollowup(ctx(), capture().id)).rejects.toThrow('no longer exists');
    expect(await db.followupSnoozes.count()).toBe(0);
  });
});

describe('setting and badge', () => {
  test('30 days and no badge by default; each field repaired on its own', async () => {
    expect(await readFollowupSettings(db)).toEqual({ days: 30, badge: false });
    expect(repairFollowup({ days: 0, badge: true })).toEqual({ days: 30, badge: true });
    expect(repairFollowup({ days: 7, badge: 'yes' })).toEqual({ days: 7, badge: false });
    expect(repairFollowup('nonsense')).toEqual(DEFAULT_FOLLOWUP);
    await expect(saveFollowupSettings(db, { days: 1.5, badge: true })).rejects.toThrow(
      'whole number',
    );
    await saveFollowupSettings(db, { days: 14, badge: true });
    expect(await readFollowupSettings(db)).toEqual({ days: 14, badge: true });
  });

  test('the badge counts captures waiting for news only when the user turned it on', async () => {
    await db.captures.bulkPut([
      delivered('identified', 40),
      delivered('in_progress', 35),
      capture(), // a draft
    ]);
    expect(await badgeFigures(db, NOW)).toEqual({ drafts: 1, failed: 0, followups: 0 });
    const texts: string[] = [];
    const api = {
      setBadgeText: ({ text }: { text: string }) => void texts.push(text),
      setBadgeBackgroundColor: () => {},
    };
    await refreshBadge(db, api, NOW);
    await saveFollowupSettings(db, { days: 30, badge: true });
    expect(await badgeFigures(db, NOW)).toEqual({ drafts: 1, failed: 0, followups: 2 });
    await refreshBadge(db, api, NOW);
    expect(texts).toEqual(['1', '3']);
  });
});

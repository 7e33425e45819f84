/** Protocol v1.1 in the extension: when a status URL is asked, and what the popup shows. */
import { describe, expect, test } from 'vitest';
import type { Capture } from '../../lib/capture';
import { recognitionView, type RecognitionRecord } from '../../lib/recognition/record';
import {
  HOUR_MS,
  MAX_AGE_MS,
  POPUP_MIN_INTERVAL_MS,
  recognitionDue,
  recognitionTracked,
} from '../../lib/recognition/schedule';
import { capture, NOW } from './capture-fixtures';

const STATUS = 'https://wins.example.com/v1/captures/x';
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function delivered(overrides: Partial<Capture> = {}): Capture {
  return capture({
    status: 'delivered',
    deliveredAt: ago(HOUR_MS * 2),
    deliveredRevision: 1,
    receipt: { id: 'r', status: STATUS },
    ...overrides,
  });
}

function record(c: Capture, overrides: Partial<RecognitionRecord> = {}): RecognitionRecord {
  return { captureId: c.id, askedRevision: 1, checkedAt: ago(HOUR_MS), ...overrides };
}

describe('which captures are asked', () => {
  test('a delivered capture with a status URL, delivered under 90 days ago', () => {
    expect(recognitionTracked(delivered(), NOW)).toBe(true);
    expect(recognitionTracked(delivered({ deliveredAt: ago(MAX_AGE_MS - 1000) }), NOW)).toBe(true);
    expect(recognitionTracked(delivered({ deliveredAt: ago(MAX_AGE_MS) }), NOW)).toBe(false);
  });

  test('not without a status URL (a v1 endpoint, Slack, Teams) nor when not delivered', () => {
    expect(recognitionTracked(delivered({ receipt: { id: 'r' } }), NOW)).toBe(false);
    expect(recognitionTracked(delivered({ receipt: undefined }), NOW)).toBe(false);
    for (const status of ['draft', 'queued', 'delivering', 'failed', 'withdrawn'] as const) {
      expect(recognitionTracked(delivered({ status }), NOW)).toBe(false);
    }
  });
});

describe('the schedule', () => {
  test('never asked: due at once, whatever the trigger', () => {
    expect(recognitionDue(delivered(), undefined, NOW, 'schedule')).toBe(true);
    expect(recognitionDue(delivered(), undefined, NOW, 'popup')).toBe(true);
  });

  test('on its own schedule at most once an hour per capture', () => {
    const c = delivered();
    const at = (ms: number) => record(c, { checkedAt: ago(ms) });
    expect(recognitionDue(c, at(HOUR_MS - 1), NOW, 'schedule')).toBe(false);
    expect(recognitionDue(c, at(HOUR_MS), NOW, 'schedule')).toBe(true);
  });

  test('the popup opening asks again, but not what was asked seconds ago', () => {
    const c = delivered();
    expect(recognitionDue(c, record(c, { checkedAt: ago(60_000) }), NOW, 'popup')).toBe(true);
    const recent = record(c, { checkedAt: ago(POPUP_MIN_INTERVAL_MS - 1) });
    expect(recognitionDue(c, recent, NOW, 'popup')).toBe(false);
  });

  test('stops at a final state or a 404/410 for that revision', () => {
    const c = delivered();
    for (const stopped of ['final', 'not-found', 'gone'] as const) {
      const r = record(c, { stopped, checkedAt: ago(HOUR_MS * 24) });
      expect(recognitionDue(c, r, NOW, 'schedule')).toBe(false);
      expect(recognitionDue(c, r, NOW, 'popup')).toBe(false);
    }
  });

  test('a newer delivered revision (updated after a decision) is asked again at once', () => {
    const c = delivered({ revision: 2, deliveredRevision: 2 });
    const decided = record(c, { askedRevision: 1, stopped: 'final', checkedAt: ago(1000) });
    expect(recognitionDue(c, decided, NOW, 'schedule')).toBe(true);
  });

  test('a clock set back does not silence a capture', () => {
    const c = delivered();
    const future = record(c, { checkedAt: new Date(NOW.getTime() + HOUR_MS).toISOString() });
    expect(recognitionDue(c, future, NOW, 'schedule')).toBe(true);
  });
});

describe('what the popup shows', () => {
  const doc = (c: Capture, state: 'pending' | 'confirmed' | 'declined', revision = 1) => ({
    captureId: c.id,
    revision,
    state,
    by: 'Dana Reviewer',
    comment: 'Signed a 3-year deal',
    credits: [{ name: 'Ada Example' }, { name: 'Bo Martin' }],
  });

  test('nothing for an endpoint without v1.1, or a withdrawn capture', () => {
    expect(recognitionView(delivered({ receipt: { id: 'r' } }), undefined)).toBeUndefined();
    expect(recognitionView(delivered({ status: 'withdrawn' }), undefined)).toBeUndefined();
    const leaving = delivered({ status: 'queued', intent: 'withdraw', revision: 2 });
    expect(recognitionView(leaving, undefined)).toBeUndefined();
  });

  test('pending until an answer arrives; then the answer', () => {
    const c = delivered();
    expect(recognitionView(c, undefined)).toEqual({ state: 'pending', credits: [] });
    expect(recognitionView(c, record(c, { document: doc(c, 'confirmed') }))).toMatchObject({
      state: 'confirmed',
      by: 'Dana Reviewer',
      credits: [{ name: 'Ada Example' }, { name: 'Bo Martin' }],
    });
    expect(recognitionView(c, record(c, { document: doc(c, 'declined') }))).toMatchObject({
      state: 'declined',
      comment: 'Signed a 3-year deal',
    });
  });

  test('a capture updated after a decision is a new revision: pending again', () => {
    const c = delivered({ revision: 2, deliveredRevision: 1, status: 'queued' });
    const decided = record(c, { stopped: 'final', document: doc(c, 'confirmed', 1) });
    const view = recognitionView(c, decided);
    expect(view?.state).toBe('pending');
    expect(view).not.toHaveProperty('by');
    expect(view).not.toHaveProperty('comment');
  });

  test('a capture the endpoint no longer knows shows nothing, until a new revision is delivered', () => {
    const c = delivered();
    expect(recognitionView(c, record(c, { stopped: 'gone' }))).toBeUndefined();
    const newer = delivered({ revision: 2, deliveredRevision: 2 });
    expect(recognitionView(newer, record(newer, { stopped: 'not-found' }))).toMatchObject({
      state: 'pending',
    });
  });
});

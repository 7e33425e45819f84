import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  BACKOFF_MIN_MS,
  DAY,
  backoffCeiling,
  backoffDelay,
  nextAttemptDelay,
  parseRetryAfter,
} from '../../lib/delivery/backoff';

const NOW = new Date('2026-05-20T12:00:00.000Z');

/** A seeded generator (mulberry32), so the spread test is deterministic. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads the three HTTP-date forms', () => {
    expect(parseRetryAfter('Wed, 20 May 2026 12:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfter('Wednesday, 20-May-26 12:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Wed May 20 12:00:05 2026', NOW)).toBe(5_000);
    expect(parseRetryAfter('Wed May  2 12:00:05 2026', new Date('2026-05-02T12:00:00Z'))).toBe(
      5_000,
    );
  });

  it('treats a past date or a negative delay as "now"', () => {
    expect(parseRetryAfter('Tue, 19 May 2026 12:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('-30', NOW)).toBe(0);
  });

  it('caps at one day', () => {
    expect(parseRetryAfter('999999999', NOW)).toBe(DAY);
    expect(parseRetryAfter('9'.repeat(400), NOW)).toBe(DAY);
    expect(parseRetryAfter('Fri, 20 May 2033 12:00:00 GMT', NOW)).toBe(DAY);
  });

  it.each([
    null,
    undefined,
    '',
    'soon',
    '1.5',
    '10s',
    '0x10',
    'Wed, 20 May 2026',
    'hello 5',
    '1e3',
  ])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles its ceiling from 30 s up to a day', () => {
    expect(backoffCeiling(1)).toBe(BACKOFF_BASE_MS);
    expect(backoffCeiling(2)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffCeiling(5)).toBe(16 * BACKOFF_BASE_MS);
    expect(backoffCeiling(12)).toBe(2048 * BACKOFF_BASE_MS); // about 17 h
    expect(backoffCeiling(13)).toBe(BACKOFF_CAP_MS); // 30 s × 2^12 would be 34 h
    expect(backoffCeiling(10_000)).toBe(BACKOFF_CAP_MS);
    expect(backoffCeiling(0)).toBe(BACKOFF_BASE_MS);
    expect(backoffCeiling(Number.NaN)).toBe(BACKOFF_BASE_MS);
  });

  it('draws within [1 s, ceiling) for every attempt and every draw', () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const r of [0, 1e-9, 0.25, 0.5, 0.999999]) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(BACKOFF_MIN_MS);
        expect(delay).toBeLessThanOrEqual(backoffCeiling(attempt));
        expect(delay).toBeLessThanOrEqual(DAY);
      }
    }
    expect(backoffDelay(3, () => 0.5)).toBe(60_000);
    // A broken generator cannot push the delay outside the bounds.
    expect(backoffDelay(3, () => 7)).toBe(backoffCeiling(3));
    expect(backoffDelay(3, () => -1)).toBe(BACKOFF_MIN_MS);
  });

  it('spreads retries across the whole window (full jitter)', () => {
    const random = seeded(42);
    const attempt = 6; // ceiling 16 min
    const ceiling = backoffCeiling(attempt);
    const delays = Array.from({ length: 2000 }, () => backoffDelay(attempt, random));
    const buckets = new Array(10).fill(0);
    for (const d of delays) buckets[Math.min(9, Math.floor((d / ceiling) * 10))]++;
    // Every tenth of the window gets a share near 10 % (200 of 2000).
    for (const count of buckets) {
      expect(count).toBeGreaterThan(140);
      expect(count).toBeLessThan(260);
    }
    expect(new Set(delays).size).toBeGreaterThan(1900);
  });

  it('honours Retry-After over the backoff, within [1 s, 1 day]', () => {
    expect(nextAttemptDelay(1, 120_000, () => 0)).toBe(120_000);
    expect(nextAttemptDelay(20, 5_000, () => 0.9)).toBe(5_000);
    expect(nextAttemptDelay(1, 0)).toBe(BACKOFF_MIN_MS);
    expect(nextAttemptDelay(1, 10 * DAY)).toBe(DAY);
    expect(nextAttemptDelay(4, undefined, () => 0.5)).toBe(backoffCeiling(4) / 2);
  });
});

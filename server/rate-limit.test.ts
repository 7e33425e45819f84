// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('lets a client burst a minute’s allowance, then refills at the per-minute rate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').ok).toBe(true); // clients are counted apart
    now += 1000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('says how long to wait for the next request', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 30 });
    now += 29_000;
    expect(limiter.take('a').ok).toBe(false);
    now += 2_000;
    expect(limiter.take('a').ok).toBe(true);
  });

  it('forgets clients whose bucket is full again, so memory stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 1000; i++) limiter.take(`client-${i}`);
    expect(limiter.size).toBe(1000);
    now += 61_000;
    limiter.take('late');
    expect(limiter.size).toBe(1);
  });
});

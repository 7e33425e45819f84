// @vitest-environment happy-dom
/**
 * The adapters on generated pages of many posts (the lead's 1,000-post end-to-end test and the
 * benchmarks use the same generator): every post found, ids distinct and decoding to the time
 * they were minted from.
 */
import { describe, expect, it } from 'vitest';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import type { SiteAdapter } from '../../lib/sites/types';
import { xAdapter } from '../../lib/sites/x';
import {
  generateLinkedInFeed,
  generateXTimeline,
  planLinkedInFeed,
  planXTimeline,
  type FeedOptions,
  type PlannedPost,
} from '../fixtures/generate-feed';
import { loadHtml } from '../fixtures/load-page';

interface Case {
  name: string;
  adapter: SiteAdapter;
  url: string;
  generate: (n: number, options?: FeedOptions) => string;
  plan: (n: number, options?: FeedOptions) => PlannedPost[];
  options: FeedOptions;
  /** X's <time> has whole seconds; LinkedIn's time comes from the id. */
  time: (iso: string) => string;
}

const CASES: Case[] = [
  {
    name: 'LinkedIn React feed',
    adapter: linkedinAdapter,
    url: 'https://www.linkedin.com/feed/',
    generate: generateLinkedInFeed,
    plan: planLinkedInFeed,
    options: {},
    time: (iso) => iso,
  },
  {
    name: 'LinkedIn Ember feed',
    adapter: linkedinAdapter,
    url: 'https://www.linkedin.com/feed/',
    generate: generateLinkedInFeed,
    plan: planLinkedInFeed,
    options: { layout: 'ember' },
    time: (iso) => iso,
  },
  {
    name: 'X home timeline',
    adapter: xAdapter,
    url: 'https://x.com/home',
    generate: generateXTimeline,
    plan: planXTimeline,
    options: {},
    time: (iso) => iso.replace(/\.\d{3}Z$/, '.000Z'),
  },
];

describe.each(CASES)('$name', ({ adapter, url, generate, plan, options, time }) => {
  // happy-dom parses a 1,000-post page in seconds; 300 posts test the same here, and the lead's
  // end-to-end test loads 1,000 in a real browser.
  it('finds all posts of a generated page, with distinct ids from their minted times', () => {
    const n = 300;
    const page = loadHtml(generate(n, options), url);
    const found = adapter.findPosts(page.document);
    expect(found).toHaveLength(n);
    const posts = found.map((el) => adapter.extract(el, page.url));
    const planned = plan(n, options);
    expect(posts.map((p) => p.id)).toEqual(planned.map((p) => p.id));
    expect(new Set(posts.map((p) => p.id)).size).toBe(n);
    expect(posts.map((p) => p.postedAt)).toEqual(planned.map((p) => time(p.time!)));
    expect(posts.filter((p) => p.partial)).toEqual([]);
    page.close();
  }, 60_000);

  it('reads the mixed variant: kinds as planned, one distinct key per post', () => {
    const n = 80;
    const mixed = { ...options, mix: true };
    const page = loadHtml(generate(n, mixed), url);
    const found = adapter.findPosts(page.document);
    const planned = plan(n, mixed);
    expect(found).toHaveLength(n);
    const posts = found.map((el) => adapter.extract(el, page.url));
    expect(posts.map((p) => p.kind)).toEqual(planned.map((p) => p.kind));
    expect(new Set(posts.map((p) => p.key)).size).toBe(n);
    for (const [i, post] of posts.entries()) {
      const plan = planned[i]!;
      expect(post.text).toBe(plan.text);
      expect(post.author.name).toBe(plan.name);
      expect(post.author.handle).toBe(plan.handle);
      if (plan.quoted) expect(post.quoted?.id).toBe(plan.quoted.id);
      if (plan.repostedBy) expect(post.repostedBy?.name).toBe(plan.repostedBy.name);
      if (plan.kind !== 'sponsored') expect(post.id).toBe(plan.id);
    }
    expect(posts.filter((p) => p.partial)).toEqual([]);
    page.close();
  }, 60_000);

  it('is deterministic', () => {
    expect(generate(5, options)).toBe(generate(5, options));
    expect(generate(5, { ...options, seed: 1 })).not.toBe(generate(5, options));
  });
});

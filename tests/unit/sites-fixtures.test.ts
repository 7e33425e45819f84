// @vitest-environment happy-dom
/**
 * Table-driven: every fixture page in tests/fixtures/ against its entry in EXPECTED.json (shared)
 * EXPECTED.extra.json (added with the adapters) or EXPECTED.variants.json (real-site variants and UI
 * languages). Every field listed there is checked for every
 * post, and nothing else on the page may be found as a post.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractedPostSchema } from '../../lib/message-schemas';
import { adapterFor } from '../../lib/sites';
import { linkedInTimeFromId } from '../../lib/sites/linkedin';
import type { ExtractedPost, SiteAdapter } from '../../lib/sites/types';
import { xTimeFromId } from '../../lib/sites/x';
import { loadFixture, type LoadedPage } from '../fixtures/load-page';

interface ExpectedPerson {
  name: string | null;
  handle: string | null;
  profile_url: string | null;
}

interface ExpectedPost {
  index: number;
  kind: ExtractedPost['kind'];
  id: string | null;
  numeric_id?: string | null;
  permalink: string | null;
  author_name: string | null;
  author_handle: string | null;
  author_profile_url: string | null;
  text: string;
  text_start: string;
  timestamp: string | null;
  timestamp_from_id?: string | null;
  key_hint?: string;
  key?: string;
  key_pattern?: string;
  partial?: boolean;
  missing?: string[];
  quoted?: {
    id: string | null;
    permalink: string | null;
    author_name: string | null;
    author_handle: string | null;
    author_profile_url: string | null;
    timestamp: string | null;
    timestamp_from_id?: string | null;
  };
  reposted_by?: ExpectedPerson;
}

interface ExpectedFixture {
  site: 'linkedin' | 'x';
  page_url: string;
  posts: ExpectedPost[];
  non_posts: string[];
}

const FIXTURES = path.resolve(__dirname, '../fixtures');
const expectations = (file: string): [string, ExpectedFixture][] =>
  Object.entries(
    (
      JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as {
        fixtures: Record<string, ExpectedFixture>;
      }
    ).fixtures,
  );
const CASES = [
  ...expectations('EXPECTED.json'),
  ...expectations('EXPECTED.extra.json'),
  ...expectations('EXPECTED.variants.json'),
];

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function person(name: string | null, handle: string | null, url: string | null) {
  return { name: orUndefined(name), handle: orUndefined(handle), url: orUndefined(url) };
}

/** Every URL an extracted post carries. */
function urlsOf(post: ExtractedPost): string[] {
  return [
    post.url,
    post.author.url,
    post.quoted?.url,
    post.quoted?.author?.url,
    post.repostedBy?.url,
  ].filter((u): u is string => u !== undefined);
}

it('has expectations for every fixture page, and a page for every expectation', () => {
  const pages = readdirSync(FIXTURES).filter((f) => f.endsWith('.html'));
  expect(CASES.map(([file]) => file).sort()).toEqual(pages.sort());
});

describe.each(CASES)('%s', (file, fixture) => {
  let page: LoadedPage;
  let adapter: SiteAdapter;
  let found: Element[];
  let posts: ExtractedPost[];

  beforeAll(() => {
    page = loadFixture(file, fixture.page_url);
    adapter = adapterFor(page.url)!;
    found = adapter ? adapter.findPosts(page.document) : [];
    posts = found.map((el) => adapter.extract(el, page.url));
  });
  afterAll(() => page.close());

  it(`is served by the ${fixture.site} adapter`, () => {
    expect(adapter?.platform).toBe(fixture.site);
  });

  it('finds exactly the listed posts: one outermost element each, no non-posts', () => {
    expect(found).toHaveLength(fixture.posts.length);
    for (const el of found) {
      expect(found.filter((other) => other !== el && other.contains(el))).toEqual([]);
    }
    // Comments carry URNs of their own; they are never posts.
    expect(found.filter((el) => el.closest('[data-id^="urn:li:comment:"]'))).toEqual([]);
  });

  it.each(fixture.posts)('post $index: every expected field', (expected) => {
    const post = posts[expected.index]!;
    expect(post.platform).toBe(fixture.site);
    expect(post.kind).toBe(expected.kind);
    expect(orUndefined(post.id)).toBe(orUndefined(expected.id));
    if (expected.numeric_id) expect(post.id?.split(':').pop()).toBe(expected.numeric_id);
    const page = new URL(fixture.page_url);
    expect(post.url).toBe(expected.permalink ?? `${page.origin}${page.pathname}`);
    expect(post.author).toEqual(
      person(expected.author_name, expected.author_handle, expected.author_profile_url),
    );
    expect(post.text).toBe(expected.text);
    // Code points, as excerpts are cut (an emoji is one character).
    expect(Array.from(post.text).slice(0, 60).join('')).toBe(expected.text_start);
    expect(orUndefined(post.postedAt)).toBe(orUndefined(expected.timestamp));
    if (expected.id && expected.timestamp_from_id) {
      expect(xTimeFromId(expected.id)).toBe(expected.timestamp_from_id);
    }
    if (expected.id && fixture.site === 'linkedin') {
      expect(linkedInTimeFromId(expected.id)).toBe(expected.timestamp);
    }

    if (expected.quoted) {
      const q = expected.quoted;
      expect(post.quoted).toEqual({
        id: orUndefined(q.id),
        url: orUndefined(q.permalink),
        author: person(q.author_name, q.author_handle, q.author_profile_url),
        postedAt: orUndefined(q.timestamp),
      });
      if (q.id && q.timestamp_from_id) expect(xTimeFromId(q.id)).toBe(q.timestamp_from_id);
    } else {
      expect(post.quoted).toBeUndefined();
    }
    if (expected.reposted_by) {
      const r = expected.reposted_by;
      expect(post.repostedBy).toEqual(person(r.name, r.handle, r.profile_url));
    } else {
      expect(post.repostedBy).toBeUndefined();
    }

    if (expected.key) expect(post.key).toBe(expected.key);
    else if (expected.key_pattern) expect(post.key).toMatch(new RegExp(expected.key_pattern));
    else if (expected.id) expect(post.key).toBe(expected.id);
    else if (expected.key_hint) expect(post.key).toBe(`key:${expected.key_hint}`);
    else expect(post.key).toMatch(/^key:h[0-9a-f]{16}$/);

    expect(post.partial ?? false).toBe(expected.partial ?? false);
    expect(post.missing).toEqual(expected.missing);
    for (const url of urlsOf(post)) expect(url).toMatch(/^https:\/\//);
    // What the content script sends to the background must pass the message contract.
    expect(ExtractedPostSchema.safeParse(post).success).toBe(true);
  });

  it('gives every post a distinct key', () => {
    expect(new Set(posts.map((p) => p.key)).size).toBe(posts.length);
  });

  it('gives every post a flag slot in its header, outside any quoted post', () => {
    for (const el of found) {
      const slot = adapter.flagSlot(el);
      expect(el.contains(slot)).toBe(true);
      expect(slot).not.toBe(el);
      expect(
        slot.closest(
          '[data-view-name="feed-reshare"], .update-components-mini-update-v2, div[role="link"]',
        ),
      ).toBeNull();
    }
  });
});

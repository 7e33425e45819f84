// @vitest-environment happy-dom
/**
 * The layout check: silent on every fixture; on a page whose markup was deliberately shifted (a
 * renamed hook, as a site deploy does), it reports the problem with a diagnostic that holds counts,
 * selectors and page shape, never a name, a text, a handle or an id from the page.
 */
import { runInSlices, scheduleLayoutCheck } from '../../lib/sites/layout-schedule';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { adapterFor } from '../../lib/sites';
import {
  diagnosticText,
  layoutHealth,
  layoutHealthSteps,
  MAX_CONTAINERS,
  pageKind,
} from '../../lib/sites/layout-health';
import { generateLinkedInFeed } from '../fixtures/generate-feed';
import { FIXTURES_DIR, loadFixture, loadHtml } from '../fixtures/load-page';
import { renamed, SHIFTED, shiftedFixture } from '../fixtures/shifted-layouts';

interface Expected {
  page_url: string;
  posts: {
    id: string | null;
    author_name: string | null;
    author_handle: string | null;
    text_start: string;
  }[];
}
const EXPECTED = new Map(
  ['EXPECTED.json', 'EXPECTED.extra.json', 'EXPECTED.variants.json'].flatMap((file) =>
    Object.entries(
      (
        JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) as {
          fixtures: Record<string, Expected>;
        }
      ).fixtures,
    ),
  ),
);
const FILES = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.html'));

function check(html: string, url: string) {
  const page = loadHtml(html, url);
  const health = layoutHealth(page.document, adapterFor(page.url)!, page.url);
  page.close();
  return health;
}

/** The check of a page that must have a problem, narrowed to the result that carries a diagnostic. */
function problemOf(html: string, url: string) {
  const health = check(html, url);
  if (health.ok)
    throw new Error(`expected a layout problem, got a healthy page: ${JSON.stringify(health)}`);
  return health;
}

/** A fixture with some of its markup renamed, as a site deploy does. */
function shifted(file: string, renames: [string | RegExp, string][]): string {
  return renamed(readFileSync(path.join(FIXTURES_DIR, file), 'utf8'), renames, file);
}

/** Nothing the page says about people or posts may be in the diagnostic. */
function expectNoContent(text: string, file: string) {
  for (const post of EXPECTED.get(file)!.posts) {
    for (const value of [post.id, post.author_name, post.author_handle, post.text_start]) {
      if (value) expect(text).not.toContain(value);
    }
  }
}

it.each(FILES)('is silent on %s', (file) => {
  const expected = EXPECTED.get(file)!;
  const page = loadFixture(file, expected.page_url);
  const health = layoutHealth(page.document, adapterFor(page.url)!, page.url);
  page.close();
  expect(health.problem).toBeUndefined();
  // A healthy page gets no diagnostic (it is never reported): only what the verdict counted.
  expect(health).toEqual({
    ok: true,
    recognised: expected.posts.length,
    partial: expect.any(Number),
  });
});

describe('a deliberately shifted page', () => {
  it('LinkedIn React: the card hook renamed, rows still there → no posts recognised', () => {
    const file = 'linkedin-feed.html';
    const health = problemOf(
      shifted(file, [['data-view-name="feed-full-update"', 'data-view-name="feed-update-card"']]),
      EXPECTED.get(file)!.page_url,
    );
    expect(health).toMatchObject({
      ok: false,
      problem: 'no-posts-recognised',
      diagnostic: { platform: 'linkedin', pageKind: 'feed', layout: 'react', recognised: 0 },
    });
    expect(health.diagnostic.containers).toBeGreaterThanOrEqual(3);
    expect(health.diagnostic.selectorHits['[data-view-name="feed-full-update"]']).toBe(0);
    expect(health.diagnostic.adapterVersion).toMatch(/^linkedin-/);
    expectNoContent(diagnosticText(health), file);
  });

  it('LinkedIn Ember: URN attributes renamed → no posts recognised', () => {
    const file = 'linkedin-feed-legacy.html';
    const health = problemOf(
      shifted(file, [
        [/data-id="urn:li:/g, 'data-entity-id="urn:li:'],
        [/data-urn="urn:li:/g, 'data-entity-urn="urn:li:'],
      ]),
      EXPECTED.get(file)!.page_url,
    );
    expect(health).toMatchObject({
      ok: false,
      problem: 'no-posts-recognised',
      diagnostic: { layout: 'ember', recognised: 0 },
    });
    expectNoContent(diagnosticText(health), file);
  });

  it('X: the name block and avatar hooks renamed → most reads partial', () => {
    const file = 'x-timeline.html';
    const health = problemOf(shiftedFixture(SHIFTED['x-names']), EXPECTED.get(file)!.page_url);
    expect(health).toMatchObject({
      ok: false,
      problem: 'mostly-partial',
      diagnostic: { platform: 'x', pageKind: 'home', layout: 'react-native-web' },
    });
    expect(health.diagnostic.partial * 2).toBeGreaterThan(health.diagnostic.recognised);
    expect(health.diagnostic.missing['author name']).toBeGreaterThan(0);
    expectNoContent(diagnosticText(health), file);
  });

  it('gives no verdict on posts the site dropped while the check waited for its next slice', () => {
    const file = 'x-timeline.html';
    const page = loadHtml(shiftedFixture(SHIFTED['x-names']), EXPECTED.get(file)!.page_url);
    const adapter = adapterFor(page.url)!;
    const whole = layoutHealth(page.document, adapter, page.url);
    expect(whole.problem).toBe('mostly-partial');
    const steps = layoutHealthSteps(page.document, adapter, page.url);
    steps.next(); // the posts are found
    // X recycles its rows: all but one leave the page before the first read.
    const posts = adapter.findPosts(page.document);
    expect(posts.length).toBeGreaterThan(3);
    for (const post of posts.slice(1)) post.remove();
    let step = steps.next();
    while (!step.done) step = steps.next();
    page.close();
    expect(step.value).toEqual({ ok: true, recognised: posts.length, partial: 1 });
  });

  it('stays silent on a page with too few containers to judge', () => {
    const health = check(
      '<!doctype html><html><body data-rehydrated="true"><main><div role="listitem"><a href="/in/a-sample/">A</a><button>Like</button></div></main></body></html>',
      'https://www.linkedin.com/feed/',
    );
    expect(health.ok).toBe(true);
  });
});

describe('on a long feed', () => {
  const FEED = 'https://www.linkedin.com/feed/';
  const LONG = MAX_CONTAINERS + 60;

  it('a healthy one is judged from its posts alone: no diagnostic, every post counted', () => {
    const health = check(generateLinkedInFeed(LONG), FEED);
    expect(health).toEqual({ ok: true, recognised: LONG, partial: 0 });
  });

  it('a shifted one counts its containers up to MAX_CONTAINERS ("that many or more")', () => {
    const html = renamed(generateLinkedInFeed(LONG), SHIFTED['linkedin-react'].renames);
    const health = problemOf(html, FEED);
    expect(health.problem).toBe('no-posts-recognised');
    expect(health.diagnostic.containers).toBe(MAX_CONTAINERS);
    expect(health.diagnostic.recognised).toBe(0);
    expect(health.diagnostic.selectorHits['[data-view-name="feed-full-update"]']).toBe(0);
  });
});

it('names page kinds from the URL shape only', () => {
  const li = (p: string) => pageKind('linkedin', new URL(`https://www.linkedin.com${p}`));
  const x = (p: string) => pageKind('x', new URL(`https://x.com${p}`));
  expect(li('/feed/')).toBe('feed');
  expect(li('/feed/update/urn:li:activity:1/')).toBe('post');
  expect(li('/company/northwind/posts/?feedView=all')).toBe('company-posts');
  expect(li('/in/a-sample/recent-activity/reactions/')).toBe('member-reactions');
  expect(x('/home')).toBe('home');
  expect(x('/i/bookmarks')).toBe('bookmarks');
  expect(x('/someone/status/123')).toBe('status');
  expect(x('/someone/likes')).toBe('likes');
  expect(x('/someone/article/123')).toBe('article');
});

describe('runInSlices', () => {
  /** A window whose idle callbacks run from a queue the test drains, counting them. */
  function idleWindow() {
    const queue: (() => void)[] = [];
    const win = {
      setTimeout: () => {
        throw new Error('requestIdleCallback is there: no timer expected');
      },
      requestIdleCallback: (fn: () => void) => queue.push(fn),
    } as unknown as Window;
    return {
      win,
      slices: 1,
      drain() {
        while (queue.length > 0) {
          this.slices++;
          queue.shift()!();
        }
      },
    };
  }

  it('runs steps until a slice is used up, then waits for the next idle period', async () => {
    let clock = 0;
    const ran: number[] = [];
    function* steps() {
      for (let i = 1; i <= 6; i++) {
        clock += 5; // each step "takes" 5 ms
        ran.push(i);
        yield;
      }
      return 'done';
    }
    const idle = idleWindow();
    const result = runInSlices(steps(), idle.win, { sliceMs: 8, now: () => clock });
    // The first slice ran two steps (5 ms, then 10 ms ≥ 8) and stopped.
    expect(ran).toEqual([1, 2]);
    idle.drain();
    await expect(result).resolves.toBe('done');
    expect(ran).toEqual([1, 2, 3, 4, 5, 6]);
    expect(idle.slices).toBe(4);
  });

  it('rejects with the error a step throws, and asks for no slice after it', async () => {
    function* steps(): Generator<void, string, void> {
      yield;
      throw new Error('a malformed page');
    }
    const idle = idleWindow();
    const result = runInSlices(steps(), idle.win, { sliceMs: 0 });
    idle.drain();
    await expect(result).rejects.toThrow('a malformed page');
    expect(idle.slices).toBe(2);
  });

  it('a shifted page checked one step per slice gets the verdict of the check run at once', async () => {
    const html = renamed(generateLinkedInFeed(20), SHIFTED['linkedin-react'].renames);
    const page = loadHtml(html, 'https://www.linkedin.com/feed/');
    const adapter = adapterFor(page.url)!;
    const idle = idleWindow();
    const sliced = runInSlices(layoutHealthSteps(page.document, adapter, page.url), idle.win, {
      sliceMs: 0,
    });
    idle.drain();
    const whole = layoutHealth(page.document, adapter, page.url);
    page.close();
    expect(whole.problem).toBe('no-posts-recognised');
    await expect(sliced).resolves.toEqual(whole);
    // One slice per selector of the table at least: the diagnostic never runs in one task.
    expect(idle.slices).toBeGreaterThan(10);
  });
});

describe('scheduleLayoutCheck', () => {
  function shiftedWindow() {
    const file = 'linkedin-feed.html';
    const page = loadHtml(
      shifted(file, [['data-view-name="feed-full-update"', 'data-view-name="feed-update-card"']]),
      EXPECTED.get(file)!.page_url,
    );
    const win = page.document.defaultView!;
    return { page, win, adapter: adapterFor(page.url)! };
  }

  it('reports a problem once the page settled and the browser is idle, on sampled loads', async () => {
    vi.useFakeTimers();
    try {
      const { page, win, adapter } = shiftedWindow();
      const fake = {
        document: page.document,
        location: win.location,
        setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
        clearTimeout: (id: number) => clearTimeout(id),
        requestIdleCallback: (fn: () => void) => setTimeout(fn, 0) as unknown as number,
        cancelIdleCallback: (id: number) => clearTimeout(id),
      } as unknown as Window;
      const report = vi.fn();
      const check = () => layoutHealth(page.document, adapter, page.url);
      scheduleLayoutCheck(fake, check, report, {
        random: () => 0.1,
        sampleRate: 0.25,
        settleMs: 5000,
      });
      vi.advanceTimersByTime(4999);
      expect(report).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      await vi.runOnlyPendingTimersAsync();
      expect(report).toHaveBeenCalledOnce();
      expect(report.mock.calls[0]![0]).toMatchObject({ problem: 'no-posts-recognised' });

      // A load outside the sample is never checked; a cancelled check never reports.
      const skipped = vi.fn();
      scheduleLayoutCheck(fake, check, skipped, { random: () => 0.9, sampleRate: 0.25 });
      const cancelled = vi.fn();
      scheduleLayoutCheck(fake, check, cancelled, { random: () => 0 })();
      vi.runAllTimers();
      expect(skipped).not.toHaveBeenCalled();
      expect(cancelled).not.toHaveBeenCalled();
      page.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

// @vitest-environment happy-dom
/**
 * The page's DOM is untrusted input: broken or hostile markup must give a partial record (still
 * flaggable), never an exception or a non-http(s) URL; the debug log names what failed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDebug } from '../../lib/sites/debug-log';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import { MAX_TEXT } from '../../lib/sites/text';
import { xAdapter } from '../../lib/sites/x';
import { loadHtml } from '../fixtures/load-page';

const LI_PAGE = 'https://www.linkedin.com/feed/';
const X_PAGE = 'https://x.com/home';

afterEach(() => setDebug(false));

function only(html: string, url: string, adapter: typeof xAdapter) {
  const page = loadHtml(`<!doctype html><html><body>${html}</body></html>`, url);
  const found = adapter.findPosts(page.document);
  expect(found).toHaveLength(1);
  return { el: found[0]!, url: page.url, page };
}

describe('hostile or broken markup', () => {
  it('reads an empty X article as a partial post keyed by content, flaggable on itself', () => {
    const { el, url } = only('<article data-testid="tweet"></article>', X_PAGE, xAdapter);
    const post = xAdapter.extract(el, url);
    expect(post).toMatchObject({
      platform: 'x',
      url: 'https://x.com/home',
      kind: 'post',
      text: '',
      partial: true,
      missing: ['id', 'author'],
    });
    expect(post.key).toMatch(/^key:h[0-9a-f]{16}$/);
    expect(xAdapter.flagSlot(el)).toBe(el);
  });

  it('reads an empty LinkedIn card as a partial post', () => {
    const { el, url } = only(
      '<div data-view-name="feed-full-update"></div>',
      LI_PAGE,
      linkedinAdapter,
    );
    const post = linkedinAdapter.extract(el, url);
    expect(post).toMatchObject({ url: LI_PAGE, partial: true, missing: ['id', 'author'] });
    expect(linkedinAdapter.flagSlot(el)).toBe(el);
  });

  it('never throws, even when the DOM itself throws', () => {
    const { el, url } = only(
      '<article data-testid="tweet"><div data-testid="tweetText">hi</div></article>',
      X_PAGE,
      xAdapter,
    );
    const hostile = () => {
      throw new Error('hostile DOM');
    };
    // Failing queries are contained where they happen: the post is still read, partially.
    el.querySelector = hostile;
    el.querySelectorAll = hostile;
    expect(xAdapter.extract(el, url)).toMatchObject({ partial: true, missing: ['id', 'author'] });
    // Anything else that throws gives the minimal partial record.
    el.getAttribute = hostile;
    const post = xAdapter.extract(el, url);
    expect(post).toMatchObject({ partial: true, missing: ['post'], url: X_PAGE });
    expect(post.key).toMatch(/^key:h/);
  });

  it('cuts giant text and says so', () => {
    const { el, url } = only(
      `<article data-testid="tweet"><div data-testid="User-Name"><a href="/noordolor">Noor</a></div><a href="/noordolor/status/2056873482138867023"><time datetime="2026-05-19T23:03:47.000Z">12h</time></a><div data-testid="tweetText"></div></article>`,
      X_PAGE,
      xAdapter,
    );
    el.querySelector('[data-testid="tweetText"]')!.textContent = 'spam '.repeat(60_000);
    const post = xAdapter.extract(el, url);
    expect(post.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(post).toMatchObject({
      id: '2056873482138867023',
      partial: true,
      missing: ['text (truncated)'],
    });
  });

  it('drops javascript: and foreign links instead of returning them', () => {
    const { el, url } = only(
      `<article data-testid="tweet"><div data-testid="User-Name"><a href="javascript:alert(1)"><span>Mallory</span></a></div>` +
        `<a href="https://evil.example/mallory/status/2056873482138867023"><time datetime="2026-05-19T23:03:47.000Z">12h</time></a>` +
        `<div data-testid="tweetText"><a href="javascript:alert(2)">click</a> me</div></article>`,
      X_PAGE,
      xAdapter,
    );
    const post = xAdapter.extract(el, url);
    expect(post.id).toBeUndefined();
    expect(post.author).toEqual({ name: 'Mallory', handle: undefined, url: undefined });
    expect(post.text).toBe('click me');
    expect(post.url).toBe(X_PAGE);
  });

  it('ignores a time link that disagrees with a focal tweet location', () => {
    const { el, url } = only(
      `<article data-testid="tweet" tabindex="-1"><div data-testid="User-Name"><a href="/oskaripsum"><span>Oskar</span></a></div>` +
        `<a href="/oskaripsum/status/2055584268031217470"><time datetime="2026-05-16T09:40:55.000Z">May 16</time></a></article>`,
      'https://x.com/oskaripsum/status/2056742204915165782',
      xAdapter,
    );
    expect(xAdapter.extract(el, url)).toMatchObject({
      id: '2056742204915165782',
      url: 'https://x.com/oskaripsum/status/2056742204915165782',
      postedAt: '2026-05-19T14:22:08.731Z',
    });
  });
});

describe('debug log', () => {
  const broken =
    `<div role="listitem" componentkey="expandedAbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcFeedType_MAIN_FEED_RELEVANCE">` +
    `<div data-view-tracking-scope="[{&quot;breadcrumb&quot;:{&quot;content&quot;:{&quot;data&quot;:[123,34">` +
    `<div data-view-name="feed-full-update"><button data-view-name="feed-control-menu" aria-label="Open control menu for post by Yusuf Qwerty"></button></div></div></div>`;

  it('is silent by default', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { el, url } = only(broken, LI_PAGE, linkedinAdapter);
    linkedinAdapter.extract(el, url);
    expect(debug).not.toHaveBeenCalled();
  });

  it('names the selector that failed when switched on, without flooding', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    setDebug(true);
    const { el, url } = only(broken, LI_PAGE, linkedinAdapter);
    const post = linkedinAdapter.extract(el, url);
    expect(post).toMatchObject({
      partial: true,
      missing: ['id'],
      key: 'key:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc',
      author: { name: 'Yusuf Qwerty' },
    });
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug.mock.calls[0]![0]).toContain('linkedin: could not read id');
    expect(debug.mock.calls[0]![0]).toContain('[data-view-tracking-scope]');
    expect(debug.mock.calls[0]![0]).not.toContain('Yusuf');
    for (let i = 0; i < 20; i++) linkedinAdapter.extract(el, url);
    // 21 failures: printed at the 1st and the 10th only.
    expect(debug).toHaveBeenCalledTimes(2);
    expect(debug.mock.calls[1]![0]).toMatch(/×10$/);
  });
});

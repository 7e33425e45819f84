// @vitest-environment happy-dom
/**
 * The key-only path a flag uses when its post appears (`keyOf`) gives exactly the key of the
 * full read (`extract`) on every fixture page, hostile and malformed ones included, and on
 * generated feeds with quotes, reposts and ads; a recycled X row keys as the tweet it now shows.
 */
import { describe, expect, it, vi } from 'vitest';
import shared from '../fixtures/EXPECTED.json';
import extra from '../fixtures/EXPECTED.extra.json';
import { generateLinkedInFeed, generateXTimeline } from '../fixtures/generate-feed';
import { loadFixture, loadHtml, type LoadedPage } from '../fixtures/load-page';
import { adapterFor } from '../../lib/sites';

const FIXTURES = Object.entries({ ...shared.fixtures, ...extra.fixtures }).map(
  ([name, f]) => [name, f.page_url] as const,
);

function expectSameKeys(page: LoadedPage, minimum: number) {
  const adapter = adapterFor(page.url)!;
  const posts = adapter.findPosts(page.document);
  expect(posts.length).toBeGreaterThanOrEqual(minimum);
  for (const el of posts) {
    expect(adapter.keyOf!(el, page.url)).toBe(adapter.extract(el, page.url).key);
  }
}

describe('keyOf equals the full read’s key', () => {
  it.each(FIXTURES)('%s', (name, url) => {
    const page = loadFixture(name, url);
    expectSameKeys(page, 1);
    page.close();
  });

  it.each([
    ['LinkedIn React', generateLinkedInFeed(120, { mix: true }), 'https://www.linkedin.com/feed/'],
    [
      'LinkedIn Ember',
      generateLinkedInFeed(120, { mix: true, layout: 'ember' }),
      'https://www.linkedin.com/feed/',
    ],
    ['X', generateXTimeline(120, { mix: true }), 'https://x.com/home'],
  ])('generated %s feed with quotes, reposts and ads', (_, html, url) => {
    const page = loadHtml(html, url);
    expectSameKeys(page, 120);
    page.close();
  });

  it.each([
    ['LinkedIn React', generateLinkedInFeed(40), 'https://www.linkedin.com/feed/'],
    [
      'LinkedIn Ember',
      generateLinkedInFeed(40, { layout: 'ember' }),
      'https://www.linkedin.com/feed/',
    ],
    ['X', generateXTimeline(40), 'https://x.com/home'],
  ])('%s: posts with an id are keyed without the full read', (_, html, url) => {
    const page = loadHtml(html, url);
    const adapter = adapterFor(page.url)!;
    const extract = vi.spyOn(adapter, 'extract');
    try {
      const keys = adapter.findPosts(page.document).map((el) => adapter.keyOf!(el, page.url));
      expect(new Set(keys).size).toBe(40);
      expect(extract).not.toHaveBeenCalled();
    } finally {
      extract.mockRestore();
      page.close();
    }
  });

  it('an X status page keys its focal tweet by the location', () => {
    const page = loadFixture('x-status-page.html', shared.fixtures['x-status-page.html'].page_url);
    const adapter = adapterFor(page.url)!;
    const focal = adapter
      .findPosts(page.document)
      .find((el) => el.getAttribute('tabindex') === '-1');
    expect(focal).toBeDefined();
    // The same tweet read at another status URL: the key follows the location, like extract.
    const elsewhere = new URL('https://x.com/someone/status/1234567890123456789');
    expect(adapter.keyOf!(focal!, elsewhere)).toBe(adapter.extract(focal!, elsewhere).key);
    page.close();
  });

  it('a recycled X row keys as the tweet it now shows', () => {
    const page = loadHtml(generateXTimeline(3), 'https://x.com/home');
    const adapter = adapterFor(page.url)!;
    const [first, , last] = adapter.findPosts(page.document) as [Element, Element, Element];
    const lastKey = adapter.keyOf!(last, page.url);
    first.replaceChildren(...[...last.childNodes].map((n) => n.cloneNode(true)));
    expect(adapter.keyOf!(first, page.url)).toBe(lastKey);
    page.close();
  });
});

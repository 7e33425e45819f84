// @vitest-environment happy-dom
/**
 * LinkedIn's legacy feed empties rows that scroll far off screen ("occluded"), keeping a bare
 * wrapper with the post's URN, and fills them again on the way back. A flag belongs on a post a
 * person can see: the row is no post while empty, and one post with its URN as key once filled.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import { loadFixture, type LoadedPage } from '../fixtures/load-page';

const FIXTURE = 'linkedin-feed-legacy-2025.html';
const { fixtures } = JSON.parse(
  readFileSync(path.resolve(__dirname, '../fixtures/EXPECTED.variants.json'), 'utf8'),
) as { fixtures: Record<string, { page_url: string; occluded_urn: string }> };
const { page_url: PAGE_URL, occluded_urn: URN } = fixtures[FIXTURE]!;

let page: LoadedPage;
beforeEach(() => {
  page = loadFixture(FIXTURE, PAGE_URL);
});
afterEach(() => page.close());

/** The occluded row, and a copy of a visible post's content re-labelled with the row's URN. */
function rowAndContent() {
  const row = page.document.querySelector(`[data-id="${URN}"]`)!;
  const visible = page.document.querySelector('.occludable-update .full-height')!;
  const content = visible.cloneNode(true) as Element;
  for (const card of content.querySelectorAll('[data-urn]')) card.setAttribute('data-urn', URN);
  return { row, content };
}

it('an emptied row is no post; filled again it is one post keyed by its URN; emptied, none', () => {
  const { row, content } = rowAndContent();
  const keysOnPage = () =>
    linkedinAdapter.findPosts(page.document).map((el) => linkedinAdapter.extract(el, page.url).key);
  expect(linkedinAdapter.findPosts(row)).toEqual([]);
  expect(keysOnPage()).not.toContain(URN);

  row.replaceChildren(content);
  expect(linkedinAdapter.findPosts(row)).toEqual([row]);
  const keys = keysOnPage();
  expect(keys.filter((k) => k === URN)).toHaveLength(1);
  expect(linkedinAdapter.extract(row, page.url)).toMatchObject({ id: URN, key: URN });

  row.replaceChildren();
  expect(linkedinAdapter.findPosts(row)).toEqual([]);
  expect(keysOnPage()).not.toContain(URN);
});

/**
 * The layout check end to end in Chromium: a LinkedIn feed whose markup was deliberately shifted
 * (a renamed card hook, tests/fixtures/shifted-layouts.ts) makes the popup of that tab say that
 * Sourced may not recognise the layout, with a diagnostic that holds nothing from the page's
 * posts; the popup of a tab with a normal feed stays silent; a reload or closing the tab ends the
 * warning. The test build checks every load half a second after it settles
 * (components/in-page/layout-watch.ts); real builds check a sample of loads.
 *
 * The harness opens the popup as a page, which makes itself its window's active tab: the test
 * build's popup takes the tab to speak about from its address (`popup.html?tab=<id>`).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import expected from '../fixtures/EXPECTED.json';
import { SHIFTED, shiftedFixture } from '../fixtures/shifted-layouts';
import { fixture, launch, type Session } from './harness';

const WARNING =
  "Sourced may not recognise this page's layout — posts here may get no flag or incomplete details.";
const variant = SHIFTED['linkedin-react'];
const feed = expected.fixtures[variant.file];
/** What the page says of people and posts: none of it may reach the diagnostic. */
const PAGE_TEXTS = feed.posts.flatMap((p) =>
  [p.id, p.author_name, p.author_handle, p.author_profile_url, p.text_start].filter(
    (v): v is string => !!v,
  ),
);
/** The longest a check can wait: settling (0.5 s) plus the idle callback's own timeout (10 s). */
const CHECK_DONE_MS = 11_000;

let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

/** The ids of the browser's tabs showing `url`, as the background sees them. */
async function tabIds(url: string): Promise<number[]> {
  const worker = await session.worker();
  return worker.evaluate(
    async (url) =>
      (
        await (
          globalThis as unknown as {
            chrome: { tabs: { query(q: { url: string }): Promise<{ id: number }[]> } };
          }
        ).chrome.tabs.query({ url })
      ).map((tab) => tab.id),
    url,
  );
}

/** Open `url` in a new tab and return the tab and its id. */
async function openTab(url: string): Promise<{ page: Page; tabId: number }> {
  const before = new Set(await tabIds(url));
  const page = await session.context.newPage();
  await page.goto(url);
  const added = (await tabIds(url)).filter((id) => !before.has(id));
  expect(added).toHaveLength(1);
  return { page, tabId: added[0]! };
}

/** The popup as it would open over tab `tabId`, rendered (its list is there). */
async function popupFor(tabId: number): Promise<Page> {
  const popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${tabId}`);
  await popup.getByTestId('capture-list').waitFor();
  return popup;
}

/** Open the popup over `tabId` until it shows the warning (the check runs once the page settled). */
async function warningFor(tabId: number): Promise<Page> {
  let popup: Page | undefined;
  await expect
    .poll(
      async () => {
        await popup?.close();
        popup = await popupFor(tabId);
        // The status is asked once the popup rendered: give it the time of one message.
        await popup.waitForTimeout(200);
        return popup.getByTestId('layout-warning').count();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(1);
  return popup!;
}

async function silentFor(tabId: number): Promise<void> {
  const popup = await popupFor(tabId);
  // Long enough for the status question to be answered, were there anything to say.
  await popup.waitForTimeout(500);
  expect(await popup.getByTestId('layout-warning').count()).toBe(0);
  expect(await popup.getByTestId('layout-diagnostic').count()).toBe(0);
  await popup.close();
}

test('a shifted page: the popup of its tab warns, with a diagnostic of counts only; a normal page: silence', async () => {
  // The normal feed first, so that its check is over by the time the shifted one has spoken.
  session.serve(variant.url, fixture(variant.file));
  const normal = await openTab(variant.url);
  const normalLoaded = Date.now();
  await expect
    .poll(() => normal.page.getByTestId('sourced-flag').count(), { timeout: 10_000 })
    .toBe(feed.posts.length);

  session.serve(variant.url, shiftedFixture(variant));
  const shifted = await openTab(variant.url);
  const popup = await warningFor(shifted.tabId);
  // The shifted page got no flag: the warning is about that.
  expect(await shifted.page.getByTestId('sourced-flag').count()).toBe(0);

  expect(await popup.getByTestId('layout-warning').textContent()).toContain(WARNING);
  const text = await popup.getByTestId('layout-diagnostic').inputValue();
  expect(await popup.getByTestId('layout-diagnostic').getAttribute('readonly')).not.toBeNull();
  expect(JSON.parse(text)).toMatchObject({
    problem: 'no-posts-recognised',
    platform: 'linkedin',
    pageKind: 'feed',
    layout: 'react',
    recognised: 0,
    selectorHits: { '[data-view-name="feed-full-update"]': 0 },
  });
  expect(JSON.parse(text).containers).toBeGreaterThanOrEqual(3);
  for (const value of PAGE_TEXTS) expect(text).not.toContain(value);
  await popup.close();

  // The normal tab's check has had all the time it may take: it found nothing to say.
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, CHECK_DONE_MS - (Date.now() - normalLoaded))),
  );
  await silentFor(normal.tabId);
});

test('a SPA navigation is checked again: the diagnostic follows the new page', async () => {
  session.serve(variant.url, shiftedFixture(variant));
  const tab = await openTab(variant.url);
  await (await warningFor(tab.tabId)).close();
  // The site's own router moves to a post's page; the rows stay, still unrecognised.
  await tab.page.evaluate(() => history.pushState({}, '', '/feed/update/urn:li:activity:1/'));
  await expect
    .poll(
      async () => {
        const popup = await warningFor(tab.tabId);
        const diagnostic = JSON.parse(
          await popup.getByTestId('layout-diagnostic').inputValue(),
        ) as { pageKind: string };
        await popup.close();
        return diagnostic.pageKind;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe('post');
  await tab.page.close();
});

test('the warning ends with its page: a reload that brings a normal page, or the tab closed', async () => {
  session.serve(variant.url, shiftedFixture(variant));
  const first = await openTab(variant.url);
  await (await warningFor(first.tabId)).close();
  // The site fixed its markup: the reload clears the report, and the new check finds nothing.
  session.serve(variant.url, fixture(variant.file));
  await first.page.reload();
  await expect
    .poll(() => first.page.getByTestId('sourced-flag').count(), { timeout: 10_000 })
    .toBe(feed.posts.length);
  await silentFor(first.tabId);

  session.serve(variant.url, shiftedFixture(variant));
  const second = await openTab(variant.url);
  await (await warningFor(second.tabId)).close();
  await second.page.close();
  await silentFor(second.tabId);
});

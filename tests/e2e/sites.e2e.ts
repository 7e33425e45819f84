/**
 * Every fixture page in real Chromium: one flag per post, and a flagged post stored with the
 * post fields EXPECTED.json lists. Then what keeps flags right on a live site: editing instead
 * of duplicating, recycled rows, re-renders, SPA navigation, a 1,000-post page, hostile pages.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import shared from '../fixtures/EXPECTED.json';
import extra from '../fixtures/EXPECTED.extra.json';
import variants from '../fixtures/EXPECTED.variants.json';
import { generateLinkedInFeed, generateXTimeline } from '../fixtures/generate-feed';
import { fixture, launch, storedCaptures, type Session, formIn } from './harness';

interface ExpectedPost {
  kind: string;
  id: string | null;
  permalink: string | null;
  author_name: string | null;
  author_handle: string | null;
  author_profile_url: string | null;
  text: string;
  timestamp: string | null;
  partial?: boolean;
}
interface ExpectedFixture {
  site: string;
  page_url: string;
  posts: ExpectedPost[];
}

const FIXTURES = Object.entries({
  ...shared.fixtures,
  ...extra.fixtures,
  ...variants.fixtures,
}) as [string, ExpectedFixture][];

let session: Session;
let extensionPage: Page;
beforeAll(async () => {
  session = await launch();
  extensionPage = await session.options();
});
afterAll(async () => {
  await session?.close();
});

async function open(url: string, html: string): Promise<Page> {
  session.serve(url, html);
  const page = await session.context.newPage();
  await page.goto(url);
  return page;
}

const flags = (page: Page) => page.locator('[data-sourced-post-id]');

async function capturesOfPost(key: string) {
  return (await storedCaptures(extensionPage)).filter((c) => c.postKey === key);
}

describe.each(FIXTURES)('%s', (name, expected) => {
  test('a flag on every post; a flagged post is stored with the fields the page shows', async () => {
    const page = await open(expected.page_url, fixture(name));
    await expect.poll(() => flags(page).count(), { timeout: 10_000 }).toBe(expected.posts.length);
    const keysNow = () =>
      flags(page).evaluateAll((hosts) => hosts.map((h) => h.getAttribute('data-sourced-post-id')));
    // A post whose key only the post reader can tell (an ad, a focal tweet without its link) has
    // its flag at once and its key once the reader is loaded: every key distinct, none empty.
    await expect
      .poll(async () => new Set((await keysNow()).filter(Boolean)).size, { timeout: 10_000 })
      .toBe(expected.posts.length);
    const keys = await keysNow();
    expect(new Set(keys).size).toBe(expected.posts.length);
    for (const post of expected.posts) if (post.id) expect(keys).toContain(post.id);

    // Flag the first post that has an id and is not an ad (ads have no permalink), else the first.
    const index = Math.max(
      0,
      expected.posts.findIndex((p) => p.id && p.kind !== 'sponsored'),
    );
    const target = expected.posts[index]!;
    const key = keys[index]!;
    await flags(page).nth(index).getByTestId('sourced-flag').click();
    await formIn(page).getByTestId('sourced-save-draft').click();
    await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
    const [stored] = await capturesOfPost(key);
    expect(stored).toBeDefined();
    const post = stored!.post as Record<string, unknown> & { author: Record<string, unknown> };
    expect(stored!.platform).toBe(expected.site);
    expect(post.kind).toBe(target.kind);
    expect(post.id).toBe(target.id ?? undefined);
    expect(post.url).toBe(
      target.permalink ?? new URL(expected.page_url).origin + new URL(expected.page_url).pathname,
    );
    expect(post.author.name).toBe(target.author_name ?? undefined);
    expect(post.author.handle).toBe(target.author_handle ?? undefined);
    expect(post.author.url).toBe(target.author_profile_url ?? undefined);
    if (target.timestamp) expect(post.postedAt).toBe(target.timestamp);
    expect(String(post.excerpt ?? '')).toBe(
      Array.from(target.text).length > 280
        ? Array.from(target.text).slice(0, 279).join('') + '…'
        : target.text,
    );
    expect(Boolean(post.partial)).toBe(Boolean(target.partial));
    await page.close();
  });
});

test('a flagged post shows data-state="flagged" and opens its capture for editing, not a new one', async () => {
  const feed = shared.fixtures['x-timeline.html'];
  const page = await open(feed.page_url, fixture('x-timeline.html'));
  const target = feed.posts[0]!;
  const flag = page.locator(`[data-sourced-post-id="${target.id}"]`).getByTestId('sourced-flag');
  await flag.click();
  const form = formIn(page);
  await form.getByTestId('sourced-outcome-type').selectOption('lead');
  await form.getByTestId('sourced-crm-ref').fill('LEAD-7');
  await form.getByTestId('sourced-save-draft').click();
  await expect.poll(() => flag.getAttribute('data-state')).toBe('flagged');

  // A reload fetches the state from the background.
  await page.reload();
  await expect.poll(() => flag.getAttribute('data-state'), { timeout: 10_000 }).toBe('flagged');
  await flag.click();
  expect(await form.getByTestId('sourced-outcome-type').inputValue()).toBe('lead');
  expect(await form.getByTestId('sourced-crm-ref').inputValue()).toBe('LEAD-7');
  expect(await form.textContent()).toContain('Edit');
  await form.getByTestId('sourced-stage').selectOption('won');
  await form.getByTestId('sourced-save-draft').click();
  await expect
    .poll(async () => (await capturesOfPost(target.id!))[0]?.outcome)
    .toMatchObject({ type: 'lead', stage: 'won' });
  expect(await capturesOfPost(target.id!)).toHaveLength(1);
});

test('keyboard: Escape closes the form and focus returns to the flag; Tab stays in the form', async () => {
  const feed = shared.fixtures['linkedin-feed-legacy.html'];
  const page = await open(feed.page_url, fixture('linkedin-feed-legacy.html'));
  const flag = flags(page).first().getByTestId('sourced-flag');
  await flag.click();
  const form = formIn(page);
  await expect
    .poll(() =>
      form
        .getByTestId('sourced-outcome-type')
        .evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
    )
    .toBe(true);
  for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
  expect(
    await form.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)),
  ).toBe(true);
  await page.keyboard.press('Escape');
  // The frame asks the background to close it, which tells the content script.
  await expect.poll(() => form.count()).toBe(0);
  expect(await flag.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(
    true,
  );
});

test('clicking the flag does not trigger the post’s own click handler; a page script’s click opens nothing', async () => {
  const feed = shared.fixtures['x-timeline.html'];
  const html = fixture('x-timeline.html').replace(
    '</body>',
    `<script>window.postClicks=0;document.addEventListener('click',()=>window.postClicks++);</script></body>`,
  );
  const page = await open(feed.page_url, html);
  await expect.poll(() => flags(page).count()).toBe(feed.posts.length);
  await page.evaluate(() => {
    const host = document.querySelector('[data-sourced-post-id]')!;
    (host.shadowRoot!.querySelector('button') as HTMLButtonElement).click();
  });
  expect(await formIn(page).count()).toBe(0);
  await flags(page).first().getByTestId('sourced-flag').click();
  // The form is a frame that loads and then asks the background for the post.
  await expect.poll(() => formIn(page).count()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { postClicks: number }).postClicks)).toBe(
    0,
  );
});

test('X recycles a row for another tweet: the flag follows the tweet now shown', async () => {
  const feed = shared.fixtures['x-timeline.html'];
  const page = await open(feed.page_url, fixture('x-timeline.html'));
  await expect.poll(() => flags(page).count()).toBe(feed.posts.length);
  const [first, , , , last] = feed.posts;
  // Move the last tweet's article into the first row, as X's virtualised list does.
  await page.evaluate(() => {
    const rows = [...document.querySelectorAll('article[data-testid="tweet"]')];
    const firstRow = rows[0]!;
    const lastRow = rows[rows.length - 1]!;
    firstRow.replaceChildren(...[...lastRow.childNodes].map((n) => n.cloneNode(true)));
    lastRow.closest('[data-testid="cellInnerDiv"]')!.remove();
  });
  const firstKey = async () =>
    page
      .locator('article[data-testid="tweet"]')
      .first()
      .locator('[data-sourced-post-id]')
      .getAttribute('data-sourced-post-id');
  await expect.poll(firstKey).toBe(last!.id);
  const keys = await flags(page).evaluateAll((h) =>
    h.map((e) => e.getAttribute('data-sourced-post-id')),
  );
  expect(keys).not.toContain(first!.id);
  expect(keys.filter((k) => k === last!.id)).toHaveLength(1);
});

test('a re-render that drops flags gets them back; SPA navigation flags the new page', async () => {
  const feed = shared.fixtures['linkedin-feed.html'];
  const page = await open(feed.page_url, fixture('linkedin-feed.html'));
  await expect.poll(() => flags(page).count()).toBe(feed.posts.length);
  await page.evaluate(() =>
    document.querySelectorAll('[data-sourced-post-id]').forEach((h) => h.remove()),
  );
  await expect.poll(() => flags(page).count()).toBe(feed.posts.length);

  // Navigate inside the app: new URL, new feed content, no page load.
  const legacy = fixture('linkedin-feed-legacy.html');
  await page.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    history.pushState({}, '', '/feed/?page=2');
    document.body.replaceWith(document.adoptNode(doc.body));
  }, legacy);
  const legacyPosts = shared.fixtures['linkedin-feed-legacy.html'].posts;
  await expect.poll(() => flags(page).count(), { timeout: 10_000 }).toBe(legacyPosts.length);
});

test.each([
  ['linkedin', 'https://www.linkedin.com/feed/', generateLinkedInFeed],
  ['x', 'https://x.com/home', generateXTimeline],
] as const)('%s: all flags appear on a page of 1,000 posts, one each', async (_, url, generate) => {
  const page = await open(url, generate(1000));
  await expect.poll(() => flags(page).count(), { timeout: 45_000, interval: 500 }).toBe(1000);
  const keys = await flags(page).evaluateAll((h) =>
    h.map((e) => e.getAttribute('data-sourced-post-id')),
  );
  expect(new Set(keys).size).toBe(1000);
  await page.close();
});

test('the form follows the site’s theme: dark on a dark page, light on a light one', async () => {
  const feed = shared.fixtures['x-timeline.html'];
  const dark = fixture('x-timeline.html').replace(
    '<body',
    '<body style="background-color: rgb(0, 0, 0); color: #e7e9ea"',
  );
  const page = await open(feed.page_url, dark);
  await flags(page).first().getByTestId('sourced-flag').click();
  await formIn(page).waitFor();
  expect(await page.locator('[data-sourced-dialog-host]').getAttribute('data-theme')).toBe('dark');
  // The form is in its frame, which takes the theme from the background's answer.
  await expect
    .poll(() => formIn(page).evaluate((el) => getComputedStyle(el).backgroundColor))
    .toBe('rgb(29, 34, 38)');
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('[data-sourced-dialog-host]').count()).toBe(0);
  await page.evaluate(() => (document.body.style.backgroundColor = 'rgb(255, 255, 255)'));
  await flags(page).first().getByTestId('sourced-flag').click();
  expect(await page.locator('[data-sourced-dialog-host]').getAttribute('data-theme')).toBe('light');
});

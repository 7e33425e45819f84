/**
 * The walking skeleton in Firefox ESR: a post flagged on a LinkedIn feed, saved as a draft through
 * the in-page form with trusted clicks, is stored by the background and listed by the popup, which
 * then follows the database live.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import expected from '../fixtures/EXPECTED.json';
import { fixture, formFrame, launchFirefox, readStore, type FirefoxSession } from './harness';

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

const feed = expected.fixtures['linkedin-feed.html'];

async function flagAndSaveDraft(page: Page, postId: string, outcome?: string): Promise<void> {
  // The user is on the site's tab when they click (the popup may have opened a tab meanwhile).
  await page.bringToFront();
  const button = await page.waitForSelector(
    `[data-sourced-post-id="${postId}"] >>> [data-testid="sourced-flag"]`,
  );
  // ElementHandle.click() goes through BiDi input actions: a trusted click, as a user's.
  await button!.click();
  // The form is an extension page in a frame; its controls are inside it.
  const form = await formFrame(page);
  if (outcome) {
    const select = await form.waitForSelector('[data-testid="sourced-outcome-type"]');
    await select!.select(outcome);
  }
  // Firefox cannot tell whether the frame is in plain view (no IntersectionObserver v2): the
  // in-page form saves drafts only and says to submit from the popup.
  expect(
    await form.$eval('[data-testid="sourced-submit"]', (b) => (b as HTMLButtonElement).disabled),
  ).toBe(true);
  expect(await form.$eval('[data-testid="sourced-form"]', (f) => f.textContent)).toContain(
    'Submit from the Sourced popup',
  );
  const save = await form.waitForSelector('[data-testid="sourced-save-draft"]');
  // Enter on the focused button: a person's key press (trusted) clicks it. Headless Firefox does
  // not route a pointer click into the frame once another tab (the popup) has been opened.
  await save!.focus();
  await save!.press('Enter');
}

const text = (page: Page, selector: string) =>
  page.$eval(selector, (el) => el.textContent ?? '').catch(() => '');

test('flag a LinkedIn post, save a draft, find it in the popup', async () => {
  const page = await session.openSite(feed.page_url, fixture('linkedin-feed.html'));
  const target = feed.posts[0]!;
  await flagAndSaveDraft(page, target.id!, 'deal');
  await expect.poll(() => text(page, 'pierce/[data-testid="sourced-toast"]')).toContain('draft');
  expect(await page.$('pierce/[data-testid="sourced-form-frame"]')).toBeNull();
  const flag = `[data-sourced-post-id="${target.id}"] >>> [data-testid="sourced-flag"]`;
  await expect.poll(() => page.$eval(flag, (el) => el.getAttribute('data-state'))).toBe('flagged');

  const popup = await session.openExtensionPage('popup.html');
  const items = () =>
    popup.$$eval('[data-testid="capture-item"]', (els) =>
      els.map((el) => ({
        status: el.getAttribute('data-status'),
        text: el.textContent ?? '',
      })),
    );
  await expect.poll(async () => (await items()).length, { timeout: 5_000 }).toBe(1);
  const [item] = await items();
  expect(item!.status).toBe('draft');
  expect(item!.text).toContain(target.author_name);
  expect(item!.text).toContain('Deal');

  // What the background stored, read from the extension's own database.
  const [capture] = await readStore(popup, 'captures');
  expect(capture).toMatchObject({
    status: 'draft',
    platform: 'linkedin',
    postKey: target.id,
    post: {
      id: target.id,
      url: target.permalink,
      kind: 'post',
      author: { name: target.author_name, handle: target.author_handle },
      postedAt: target.timestamp,
    },
    outcome: { type: 'deal' },
  });

  // The popup follows the database live: a second draft appears without reopening it.
  await flagAndSaveDraft(page, feed.posts[3]!.id!);
  await expect.poll(async () => (await items()).length, { timeout: 5_000 }).toBe(2);
});

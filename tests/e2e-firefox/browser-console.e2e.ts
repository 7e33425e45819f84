/**
 * Nothing from the add-on in Firefox's Browser Console while it runs its pages: background,
 * content script and the form frame (a draft saved), popup and options. Firefox reports extension CSP violations
 * there (Zod's `new Function` probe was one), and so it does uncaught errors and console.error.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import expected from '../fixtures/EXPECTED.json';
import { fixture, formFrame, launchFirefox, type FirefoxSession } from './harness';

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

test('background, content script, popup and options log no error', async () => {
  const feed = expected.fixtures['x-timeline.html'];
  const page = await session.openSite(feed.page_url, fixture('x-timeline.html'));
  const flag = `[data-sourced-post-id="${feed.posts[0]!.id}"] >>> [data-testid="sourced-flag"]`;
  await (await page.waitForSelector(flag))!.click();
  const form = await formFrame(page);
  await (await form.waitForSelector('[data-testid="sourced-save-draft"]'))!.click();
  await expect.poll(() => page.$eval(flag, (el) => el.getAttribute('data-state'))).toBe('flagged');

  const popup = await session.openExtensionPage('popup.html');
  await popup.waitForSelector('[data-testid="capture-item"]');
  const options = await session.openExtensionPage('options.html');
  await options.waitForSelector('[data-testid="employee-name"]');

  expect(await session.addonErrors()).toEqual([]);
});

test('the console reader does see the add-on’s errors (it can fail)', async () => {
  const options = await session.openExtensionPage('options.html');
  await options.evaluate(() => {
    console.error('sourced-e2e console probe');
    setTimeout(() => {
      throw new Error('sourced-e2e uncaught probe');
    });
  });
  await expect
    .poll(async () => (await session.addonErrors()).map((e) => `${e.kind}: ${e.message}`))
    .toEqual(
      expect.arrayContaining([
        'console-error: "sourced-e2e console probe"',
        expect.stringMatching(/^script-error: .*sourced-e2e uncaught probe/),
      ]),
    );
});

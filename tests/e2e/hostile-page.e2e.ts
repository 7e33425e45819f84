/**
 * A hostile page: its own scripts try to create captures without the user, by posting messages
 * that look like ours, by calling the extension's messaging from the page's world, and by
 * scripting the open shadow roots of our flag and of the form's frame host (the form itself is an
 * extension-origin frame: hostile-page-frame.e2e.ts). Nothing may be stored.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import shared from '../fixtures/EXPECTED.json';
import { fixture, formIn, launch, storedCaptures, type Session } from './harness';

const feed = shared.fixtures['linkedin-feed.html'];
let session: Session;
let extensionPage: Page;

beforeAll(async () => {
  session = await launch();
  extensionPage = await session.options();
});
afterAll(async () => {
  await session?.close();
});

async function openFeed(): Promise<Page> {
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  await expect.poll(() => page.locator('[data-sourced-post-id]').count()).toBe(feed.posts.length);
  return page;
}

const forged = (type: string) => ({
  id: 1,
  type,
  timestamp: Date.now(),
  data: {
    post: {
      platform: 'linkedin',
      url: 'https://www.linkedin.com/feed/',
      kind: 'post',
      author: { name: 'Mallory' },
      text: 'forged',
      key: 'forged',
    },
    outcome: { type: 'deal', stage: 'won' },
    submit: true,
  },
});

test('messages, events and extension APIs from the page world create nothing', async () => {
  const page = await openFeed();
  const attempts = await page.evaluate(
    async ({ message, extensionId }) => {
      const results: string[] = [];
      window.postMessage(message, '*');
      window.postMessage(JSON.stringify(message), '*');
      for (const name of ['saveCapture', 'sourced:saveCapture', 'message']) {
        document.dispatchEvent(new CustomEvent(name, { detail: message }));
        window.dispatchEvent(new CustomEvent(name, { detail: message }));
      }
      const chromeApi = (
        window as unknown as {
          chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => Promise<unknown> } };
        }
      ).chrome;
      if (chromeApi?.runtime?.sendMessage) {
        try {
          await chromeApi.runtime.sendMessage(extensionId, message);
          results.push('sendMessage answered');
        } catch (error) {
          results.push(`sendMessage refused: ${(error as Error).message}`);
        }
      } else {
        results.push('no chrome.runtime.sendMessage in the page world');
      }
      return results;
    },
    { message: forged('saveCapture'), extensionId: session.extensionId },
  );
  expect(attempts.join()).not.toContain('answered');
  await page.waitForTimeout(1000);
  expect(await storedCaptures(extensionPage)).toHaveLength(0);
});

test('a page script that drives our open shadow roots cannot open the form or save', async () => {
  const page = await openFeed();
  // The script clicks the flag itself: ignored, untrusted.
  await page.evaluate(() => {
    const host = document.querySelector('[data-sourced-post-id]')!;
    host.shadowRoot!.querySelector('button')!.click();
  });
  expect(await page.locator('[data-testid="sourced-form-frame"]').count()).toBe(0);

  // The user opens the form; the script looks for it to fill it in and press Submit.
  await page.locator('[data-sourced-post-id]').first().getByTestId('sourced-flag').click();
  await formIn(page).waitFor();
  const reached = await page.evaluate(() => {
    const host = document.querySelector('[data-sourced-dialog-host]')!;
    const root = host.shadowRoot!;
    const frame = root.querySelector('iframe')!;
    const found: string[] = [];
    for (const doc of [root, frame.contentDocument]) {
      const note = doc?.querySelector<HTMLTextAreaElement>('[data-testid="sourced-note"]');
      if (!note) continue;
      found.push('note');
      note.value = 'written by the page';
      note.dispatchEvent(new Event('input', { bubbles: true }));
      doc!.querySelector<HTMLButtonElement>('[data-testid="sourced-submit"]')?.click();
    }
    return found;
  });
  expect(reached).toEqual([]);
  await page.waitForTimeout(1000);
  expect(await storedCaptures(extensionPage)).toHaveLength(0);
  // The form is still open for the user, who decides.
  expect(await formIn(page).count()).toBe(1);
});

test('keys typed into the form do not reach the site’s keyboard shortcuts', async () => {
  const page = await openFeed();
  await page.evaluate(() => {
    (window as unknown as { keys: string[] }).keys = [];
    document.addEventListener('keydown', (e) =>
      (window as unknown as { keys: string[] }).keys.push(e.key),
    );
  });
  await page.locator('[data-sourced-post-id]').first().getByTestId('sourced-flag').click();
  await formIn(page).getByTestId('sourced-note').pressSequentially('jk');
  expect(await page.evaluate(() => (window as unknown as { keys: string[] }).keys)).toEqual([]);
});

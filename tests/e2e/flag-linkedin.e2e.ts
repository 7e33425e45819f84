/**
 * The walking skeleton end to end: a LinkedIn feed in real Chromium gets a flag on each post; a
 * post flagged and saved as a draft is stored through the background and listed by the popup.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import expected from '../fixtures/EXPECTED.json';
import { fixture, formIn, launch, storedCaptures, type Session } from './harness';

let session: Session;
beforeAll(async () => {
  session = await launch();
});
afterAll(async () => {
  await session?.close();
});

test('flag a LinkedIn post, save a draft, find it in the popup', async () => {
  const feed = expected.fixtures['linkedin-feed.html'];
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  const page = await session.context.newPage();
  await page.goto(feed.page_url);

  const flags = page.getByTestId('sourced-flag');
  await expect.poll(() => flags.count(), { timeout: 10_000 }).toBe(feed.posts.length);
  const target = feed.posts[0]!;
  const host = page.locator(`[data-sourced-post-id="${target.id}"]`);
  await expect.poll(() => host.count()).toBe(1);
  expect(await host.getByTestId('sourced-flag').getAttribute('data-state')).toBe('idle');

  await host.getByTestId('sourced-flag').click();
  const form = formIn(page);
  await form.getByTestId('sourced-outcome-type').selectOption('deal');
  await form.getByTestId('sourced-stage').selectOption('won');
  await form.getByTestId('sourced-value-amount').fill('12000');
  await form.getByTestId('sourced-crm-ref').fill('CRM-4821');
  await form.getByTestId('sourced-note').fill('Met the buyer through this post.');
  await form.getByTestId('sourced-save-draft').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
  expect(await form.count()).toBe(0);
  expect(await host.getByTestId('sourced-flag').getAttribute('data-state')).toBe('flagged');

  const popup = await session.popup();
  const item = popup.getByTestId('capture-item');
  await expect.poll(() => item.count(), { timeout: 5_000 }).toBe(1);
  expect(await item.getAttribute('data-status')).toBe('draft');
  expect(await item.textContent()).toContain(target.author_name);

  const [capture] = await storedCaptures(popup);
  expect(capture).toMatchObject({
    status: 'draft',
    revision: 1,
    platform: 'linkedin',
    postKey: target.id,
    post: {
      id: target.id,
      url: target.permalink,
      kind: 'post',
      author: {
        name: target.author_name,
        handle: target.author_handle,
        url: target.author_profile_url,
      },
      postedAt: target.timestamp,
      excerpt: target.text.slice(0, 279) + '…',
    },
    outcome: {
      type: 'deal',
      stage: 'won',
      value: { amount: 12000, currency: 'EUR' },
      crmRef: 'CRM-4821',
    },
  });

  // The popup follows the database live: a second draft appears without reopening it.
  const second = feed.posts[3]!;
  await page.locator(`[data-sourced-post-id="${second.id}"]`).getByTestId('sourced-flag').click();
  // As a person would, once the form has been on screen and still long enough to be read: the
  // wait the form itself asks before Submit counts (submit-guard.ts). A click the moment it
  // appears could land while the frame is still being laid out, and miss the button (seen under
  // load: the form stayed open, nothing saved, no error).
  const secondForm = formIn(page);
  await expect
    .poll(() => secondForm.getByTestId('sourced-submit').isEnabled(), { timeout: 10_000 })
    .toBe(true);
  await secondForm.getByTestId('sourced-save-draft').click();
  // Generous: under load the save, the background and the popup's live query take turns.
  await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(2);
});

/**
 * The capture form as a new user meets it, in Chromium: a value typed the way an English speaker
 * writes it is stored as that number; Enter in a field saves a draft and never delivers, even when
 * editing a delivered capture; a submission with no endpoint says what is true.
 */
import { afterEach, expect, test } from 'vitest';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import expected from '../fixtures/EXPECTED.json';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import { fixture, launch, saveEndpointDirectly, storedCaptures, type Session } from './harness';

const feed = expected.fixtures['linkedin-feed.html'];
let session: Session | undefined;
let endpoint: TestEndpoint | undefined;
afterEach(async () => {
  await session?.close();
  await endpoint?.close();
  session = undefined;
  endpoint = undefined;
});

/** The form, in its extension-origin frame when the build has one, else in the page. */
async function captureForm(page: Page): Promise<Locator> {
  const frame = page.getByTestId('sourced-form-frame');
  const inPage = page.getByTestId('sourced-form');
  await expect
    .poll(async () => (await frame.count()) + (await inPage.count()), { timeout: 10_000 })
    .toBeGreaterThan(0);
  if ((await frame.count()) === 0) return inPage;
  const inside: FrameLocator = page.frameLocator('[data-testid="sourced-form-frame"]');
  const form = inside.getByTestId('sourced-form');
  await form.waitFor();
  return form;
}

async function openFeed(s: Session): Promise<Page> {
  s.serve(feed.page_url, fixture('linkedin-feed.html'));
  const page = await s.context.newPage();
  await page.goto(feed.page_url);
  return page;
}

async function flag(page: Page, index: number): Promise<Locator> {
  const host = page.locator(`[data-sourced-post-id="${feed.posts[index]!.id}"]`);
  await expect.poll(() => host.count(), { timeout: 10_000 }).toBe(1);
  await host.getByTestId('sourced-flag').click();
  return captureForm(page);
}

test('"12,000" in an English browser is stored as 12000, shown as understood before saving', async () => {
  session = await launch({ args: ['--lang=en-US'] });
  const page = await openFeed(session);
  expect(await page.evaluate(() => navigator.language)).toBe('en-US');
  const form = await flag(page, 0);
  await form.getByTestId('sourced-value-currency').fill('USD');
  await form.getByTestId('sourced-value-amount').fill('12,000');
  await expect
    .poll(() => form.getByTestId('sourced-value-understood').textContent())
    .toBe('= $12,000.00');
  await form.getByTestId('sourced-save-draft').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
  const popup = await session.popup();
  await expect.poll(async () => (await storedCaptures(popup)).length).toBe(1);
  const [capture] = await storedCaptures(popup);
  expect(capture).toMatchObject({ outcome: { value: { amount: 12000, currency: 'USD' } } });
  // And the popup shows it as the reader writes it.
  await expect.poll(() => popup.getByTestId('capture-item').textContent()).toContain('$12,000.00');
});

test('an ambiguous amount is refused under its field, which gets the focus; nothing is saved', async () => {
  session = await launch({ args: ['--lang=en-US'] });
  const page = await openFeed(session);
  const form = await flag(page, 0);
  const amount = form.getByTestId('sourced-value-amount');
  await amount.fill('12.000');
  await form.getByTestId('sourced-save-draft').click();
  await expect
    .poll(() => amount.getAttribute('aria-describedby'))
    .toContain('sourced-error-amount');
  expect(await form.locator('#sourced-error-amount').textContent()).toContain(
    'could mean 12 or 12,000',
  );
  expect(
    await amount.evaluate((el) => el === (el.getRootNode() as ShadowRoot | Document).activeElement),
  ).toBe(true);
  const popup = await session.popup();
  expect(await storedCaptures(popup)).toHaveLength(0);
});

test('Enter in the note saves a draft, not a delivery — also when editing a delivered capture', async () => {
  endpoint = await startEndpoint();
  session = await launch();
  const popup = await session.popup();
  await saveEndpointDirectly(popup, {
    url: endpoint.url,
    token: endpoint.token,
    signingSecret: endpoint.secret,
  });
  const page = await openFeed(session);

  // A new capture: Enter in the note is a draft; nothing reaches the endpoint.
  let form = await flag(page, 0);
  await form.getByTestId('sourced-note').fill('Intro through this post');
  await form.getByTestId('sourced-note').press('Enter');
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');
  await expect.poll(async () => (await storedCaptures(popup)).length).toBe(1);
  const [draft] = await storedCaptures(popup);
  expect(draft).toMatchObject({ status: 'draft', outcome: { note: 'Intro through this post' } });

  // A delivered capture, edited in the popup: Enter still only saves a draft.
  form = await flag(page, 1);
  await form.getByTestId('sourced-submit').click();
  await expect.poll(() => endpoint!.received.length, { timeout: 10_000 }).toBe(1);
  const deliveredId = async () =>
    (await storedCaptures(popup)).find((c) => c.status === 'delivered')?.id as string | undefined;
  await expect.poll(deliveredId).toBeTruthy();
  const id = (await deliveredId())!;
  const row = popup.locator(`[data-testid="capture-item"][data-capture-id="${id}"]`);
  await row.getByTestId('capture-edit').click();
  const dialog = popup.getByTestId('sourced-form');
  await dialog.getByTestId('sourced-note').fill('Signed in June');
  await dialog.getByTestId('sourced-note').press('Enter');
  await expect.poll(() => dialog.count()).toBe(0);
  const edited = (await storedCaptures(popup)).find((c) => c.id === id)!;
  expect(edited).toMatchObject({ status: 'draft', outcome: { note: 'Signed in June' } });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(endpoint.received).toHaveLength(1);
});

test('submitting with no endpoint says it will be sent once the endpoint is set', async () => {
  session = await launch();
  const page = await openFeed(session);
  const form = await flag(page, 0);
  await form.getByTestId('sourced-submit').click();
  const toast = page.getByTestId('sourced-toast');
  await expect
    .poll(() => toast.textContent())
    .toContain('It will be sent once your company’s endpoint is set — Settings');
  expect(await toast.textContent()).not.toContain('queued for delivery');
  // The toast is announced: it sits in a live region that was in the page before it.
  expect(await toast.evaluate((el) => el.parentElement?.getAttribute('role'))).toBe('status');

  const popup = await session.popup();
  const sync = popup.getByTestId('sync-now');
  await expect.poll(() => popup.getByTestId('sync-queued').textContent()).toBe('1 waiting');
  expect(await sync.isDisabled()).toBe(true);
  expect(await popup.getByTestId('sync-state').textContent()).toContain(
    'will be sent once your company’s endpoint is set',
  );
  expect(await popup.getByTestId('sync-state').textContent()).not.toContain('paused');
});

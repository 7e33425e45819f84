/**
 * The popup end to end in Chromium: captures stored in the extension's database as the extension
 * stores them, then listed, filtered, searched, edited, submitted, deleted and restored through
 * the popup page; a post flagged on a page appears in the open popup by itself.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import expected from '../fixtures/EXPECTED.json';
import type { Capture } from '../../lib/capture';
import {
  createCapture,
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
  submitCapture,
} from '../../lib/capture-lifecycle';
import { searchWordsOf } from '../../lib/db/search-words';
import { fixture, launch, putRecords, storedCaptures, type Session, formIn } from './harness';

const NOW = Date.now();
let counter = 0;

/** A capture as the extension stores it (derived search words included), `minutes` old. */
function stored(
  minutes: number,
  author: string,
  outcome: Partial<Capture['outcome']>,
  platform: Capture['platform'] = 'linkedin',
  then: (c: Capture, at: Date) => Capture = (c) => c,
): Capture & { searchWords: string[] } {
  counter++;
  const at = new Date(NOW - minutes * 60_000);
  const base = createCapture({
    id: `30000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    platform,
    post: {
      url: `https://www.linkedin.com/feed/update/urn:li:activity:${7450000000000000000n + BigInt(counter)}/`,
      kind: 'post',
      author: { name: author },
      excerpt: `A synthetic post by ${author}.`,
    },
    postKey: `popup-e2e-${counter}`,
    outcome: { type: 'deal', stage: 'identified', ...outcome },
    employee: { name: 'Ada Example' },
    clientVersion: '0.1.0',
    submit: false,
    now: at,
  });
  const capture = then(base, at);
  return { ...capture, searchWords: searchWordsOf(capture) };
}

const queue = (c: Capture, at: Date): Capture => submitCapture(c, c.employee, at);
const DRAFT = stored(1, 'Priya Lorem', { note: 'Met the buyer at the fair' });
const FAILED = stored(5, 'Jonas Ipsum', { crmRef: 'CRM-7731' }, 'x', (c, at) =>
  deliveryRejected(startDelivery(queue(c, at), at), 'outcome.value: an ISO 4217 code', at),
);
const DELIVERED = stored(60, 'Mara Dolor', { stage: 'won' }, 'linkedin', (c, at) =>
  deliverySucceeded(startDelivery(queue(c, at), at), { id: 'rcpt-1' }, at),
);
const SECOND_DRAFT = stored(120, 'Teo Amet', {}, 'x');
const ALL = [DRAFT, FAILED, DELIVERED, SECOND_DRAFT];

let session: Session;
let popup: Page;
beforeAll(async () => {
  session = await launch();
  popup = await session.popup();
});
afterAll(async () => {
  await session?.close();
});

const items = () => popup.getByTestId('capture-item');
const item = (c: Capture) =>
  popup.locator(`[data-testid="capture-item"][data-capture-id="${c.id}"]`);
const listedIds = () =>
  items().evaluateAll((els) =>
    els
      .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
      .map((el) => el.getAttribute('data-capture-id')),
  );
const storedById = async (id: string) =>
  (await storedCaptures(popup)).find((c) => c.id === id) as
    (Capture & { searchWords: string[] }) | undefined;

test('a new user is told what to do first', async () => {
  await expect
    .poll(() => popup.getByTestId('capture-list').textContent())
    .toContain('No wins recorded yet');
  expect(await popup.getByTestId('capture-list').textContent()).toContain('Open LinkedIn or X');
  await expect
    .poll(() => popup.getByTestId('first-run-hint').textContent())
    .toContain('captures stay in this browser');
});

test('stored captures are listed newest first with their status; filters and search narrow them', async () => {
  await putRecords(popup, 'captures', ALL);
  await popup.reload();
  await expect.poll(listedIds).toEqual(ALL.map((c) => c.id));
  expect(await item(FAILED).getAttribute('data-status')).toBe('failed');
  expect(await item(FAILED).textContent()).toContain('outcome.value: an ISO 4217 code');
  expect(await item(DELIVERED).getAttribute('data-status')).toBe('delivered');
  expect(await item(DRAFT).locator('a').getAttribute('href')).toBe(DRAFT.post.url);

  // The filters fold away (the list keeps the height); they open with one button.
  expect(await popup.getByTestId('status-filter').isVisible()).toBe(false);
  await popup.getByTestId('filters-toggle').click();
  expect(await popup.getByTestId('filters-toggle').getAttribute('aria-expanded')).toBe('true');
  await popup.getByTestId('status-filter').selectOption('failed');
  await expect.poll(listedIds).toEqual([FAILED.id]);
  await popup.getByTestId('status-filter').selectOption('');
  await popup.getByTestId('platform-filter').selectOption('x');
  await expect.poll(listedIds).toEqual([FAILED.id, SECOND_DRAFT.id]);
  await popup.getByTestId('platform-filter').selectOption('');

  const search = popup.getByTestId('capture-search');
  await search.fill('fair');
  await expect.poll(listedIds).toEqual([DRAFT.id]);
  await search.fill('crm-7731');
  await expect.poll(listedIds).toEqual([FAILED.id]);
  await search.fill('mara');
  await expect.poll(listedIds).toEqual([DELIVERED.id]);
  await search.fill('');
  await expect.poll(listedIds).toEqual(ALL.map((c) => c.id));
});

test('keyboard: arrows move through the list, Enter opens the edit form, Escape closes it', async () => {
  await item(DRAFT).focus();
  await popup.keyboard.press('ArrowDown');
  await expect
    .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-capture-id')))
    .toBe(FAILED.id);
  await popup.keyboard.press('Enter');
  await popup.getByTestId('sourced-form').waitFor();
  await popup.keyboard.press('Escape');
  await expect.poll(() => popup.getByTestId('sourced-form').count()).toBe(0);
  await expect
    .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-capture-id')))
    .toBe(FAILED.id);
});

test('edit a draft with the shared form', async () => {
  await item(DRAFT).getByTestId('capture-edit').click();
  const form = popup.getByTestId('sourced-form');
  expect(await form.getByTestId('sourced-note').inputValue()).toBe('Met the buyer at the fair');
  await form.getByTestId('sourced-stage').selectOption('won');
  await form.getByTestId('sourced-value-amount').fill('4200');
  await form.getByTestId('sourced-save-draft').click();
  await expect.poll(() => form.count()).toBe(0);
  await expect.poll(() => item(DRAFT).textContent()).toContain('Deal · Won');
  expect(await storedById(DRAFT.id)).toMatchObject({
    status: 'draft',
    outcome: {
      stage: 'won',
      value: { amount: 4200, currency: 'EUR' },
      note: 'Met the buyer at the fair',
    },
  });
});

test('submit a draft: queued, and the summary says why nothing is delivered yet', async () => {
  await item(SECOND_DRAFT).getByTestId('capture-submit').click();
  await expect.poll(() => item(SECOND_DRAFT).getAttribute('data-status')).toBe('queued');
  expect((await storedById(SECOND_DRAFT.id))?.status).toBe('queued');
  const state = popup.getByTestId('sync-state');
  await expect.poll(() => state.textContent()).toContain('1 waiting');
  expect(await state.textContent()).toContain('No endpoint set');
  // Nowhere to send: "Deliver now" cannot do anything, and nothing claims delivery is paused.
  expect(await popup.getByTestId('sync-now').isDisabled()).toBe(true);
  expect(await state.textContent()).toContain('will be sent once your company’s endpoint is set');
  expect(await state.textContent()).not.toContain('paused');
});

test('delete a delivered capture, then undo: the very same record is back', async () => {
  const before = await storedById(DELIVERED.id);
  expect(before).toBeDefined();
  await item(DELIVERED).getByTestId('capture-delete').click();
  await expect.poll(() => item(DELIVERED).count()).toBe(0);
  expect(await storedById(DELIVERED.id)).toBeUndefined();
  await popup.getByTestId('capture-undo').click();
  await expect.poll(() => item(DELIVERED).getAttribute('data-status')).toBe('delivered');
  // Focus stays in the list, on the restored capture, not on the page's body.
  await expect
    .poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-capture-id')))
    .toBe(DELIVERED.id);
  expect(await storedById(DELIVERED.id)).toEqual(before);
  // Still found by its words after the restore.
  await popup.getByTestId('capture-search').fill('dolor');
  await expect.poll(listedIds).toEqual([DELIVERED.id]);
  await popup.getByTestId('capture-search').fill('');
});

test('a post flagged on a page appears in the open popup without reopening it', async () => {
  const feed = expected.fixtures['linkedin-feed.html'];
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  const target = feed.posts[0]!;
  const host = page.locator(`[data-sourced-post-id="${target.id}"]`);
  await expect.poll(() => host.count(), { timeout: 10_000 }).toBe(1);
  await host.getByTestId('sourced-flag').click();
  await formIn(page).getByTestId('sourced-save-draft').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('draft');

  await expect.poll(() => items().count(), { timeout: 5_000 }).toBe(ALL.length + 1);
  const first = (await listedIds())[0]!;
  expect(await popup.locator(`[data-capture-id="${first}"]`).textContent()).toContain(
    target.author_name,
  );
  await page.close();
});

/**
 * The receiver's pages for people, in real Chromium: a reviewer signs in with the form, reviews a
 * co-credited win from the keyboard alone, and the wall then shows it. axe-core checks the sign-in
 * page, the review page and the wall, and fails on any serious or critical violation. Hostile
 * stored text must stay text in the browser too.
 *
 * SOURCED_SCREENSHOTS=<folder> also saves screenshots of the pages there (for notes on an issue).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { generateSecret } from '../../server/config';
import { startReceiver, type RunningReceiver } from '../../server/receiver';
import { delivery, eventFor, sampleCapture } from '../../server/testing/deliveries';
import { chromiumPath } from './harness';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SECRET = generateSecret();
const REVIEWER = 'rvw_synthetic_reviewer_token_e2e_0001';
const VIEWER = 'view_synthetic_viewer_token_e2e_0001';
const SHOTS = process.env.SOURCED_SCREENSHOTS;

let receiver: RunningReceiver;
let browser: Browser;
let context: BrowserContext;

async function deliver(data: CaptureData): Promise<void> {
  const d = await delivery(eventFor(data), { secret: SECRET });
  const response = await fetch(`${receiver.url}/v1/captures`, {
    method: 'POST',
    body: d.body,
    headers: d.headers,
  });
  expect(response.status).toBe(200);
}

const shared = 'urn:li:activity:7300000000000000042';
const ada = sampleCapture({
  postId: shared,
  employeeName: 'Ada Example',
  team: 'Enterprise Sales',
  note: 'Their platform lead replied to my comment; we signed after two demos.',
  amount: 48000,
  occurredAt: '2026-05-20',
});
const bo = sampleCapture({
  postId: shared,
  employeeName: 'Bo Martin',
  team: 'Solutions',
  note: 'Ran the technical demo they asked for under the post.',
  amount: 48000,
  occurredAt: '2026-05-20',
});
const hire = sampleCapture({
  employeeName: 'Chen Li',
  team: 'Engineering',
  type: 'hire',
  note: 'Met our new SRE through her post on incident reviews.',
  occurredAt: '2026-04-11',
});
const hostile = sampleCapture({
  employeeName: '<img src=x onerror="window.__pwned=1">',
  team: 'Enterprise Sales',
  type: 'lead',
  stage: 'in_progress',
  note: '<script>window.__pwned=2</script>',
  excerpt: '"><iframe src="javascript:window.__pwned=3"></iframe>',
  occurredAt: '2026-05-02',
});

beforeAll(async () => {
  receiver = await startReceiver({
    port: 0,
    secret: SECRET,
    reviewerToken: REVIEWER,
    viewerTokens: () => [VIEWER],
    rateLimitPerMinute: 0,
    log: () => {},
  });
  for (const data of [ada, bo, hire, hostile]) await deliver(data);
  // The hire was confirmed earlier, by another reviewer.
  await receiver.store.decide([
    {
      captureId: hire.id,
      revision: 1,
      state: 'confirmed',
      by: 'Sam Okafor',
      comment: 'Welcome aboard!',
      at: new Date('2026-04-20T09:00:00Z'),
    },
  ]);
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  // The pages forbid every script; axe is injected around that policy, for the check only.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await receiver?.stop(1000);
});

/** Serious and critical axe violations, with what failed (empty when the page passes). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } })
      .axe;
    return (await axe.run(document)) as {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

const pwned = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned);

test('sign-in, keyboard review of a co-credited win, and the wall pass axe', async () => {
  const page = await context.newPage();

  // Signed out: the wall and the review page answer the sign-in form.
  const wallResponse = await page.goto(`${receiver.url}/`);
  expect(wallResponse?.status()).toBe(401);
  await expect(page.getByTestId('review-token')).toBeVisibleSoon();
  const response = await page.goto(`${receiver.url}/review`);
  expect(response?.status()).toBe(401);
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, 'receiver-sign-in.png');

  await page.getByLabel('Token').fill(REVIEWER);
  await page.getByTestId('review-name').fill('Dana Reviewer');
  await page.getByTestId('review-login').click();
  await page.waitForURL(`${receiver.url}/review`);
  const cookies = await context.cookies(receiver.url);
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });

  const list = page.getByTestId('review-list');
  const items = list.getByTestId('review-item');
  expect(await items.count()).toBe(2);
  const sharedWin = items.filter({ hasText: 'Ada Example' });
  await expect(sharedWin.getByText('Bo Martin (Solutions)')).toBeVisibleSoon();
  expect(await pwned(page)).toBeUndefined();
  expect(await page.locator('main img, main iframe, main script').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, 'receiver-review.png');

  // Keyboard only: focus the comment box, type, Tab to Confirm, press Enter.
  await sharedWin.getByTestId('review-comment').focus();
  await page.keyboard.type('Signed a 3-year platform deal.');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'review-confirm',
  );
  await page.keyboard.press('Enter');
  await page.waitForURL(/done=confirmed/);
  await expect(page.getByRole('status')).toHaveTextSoon('Confirmed for 2 people.');
  expect(await page.getByTestId('review-item').count()).toBe(1);

  const status = await (await fetch(`${receiver.url}/v1/captures/${bo.id}`)).json();
  expect(status).toMatchObject({
    state: 'confirmed',
    by: 'Dana Reviewer',
    comment: 'Signed a 3-year platform deal.',
    credits: [
      { name: 'Ada Example', team: 'Enterprise Sales' },
      { name: 'Bo Martin', team: 'Solutions' },
    ],
  });

  // The wall: the shared win once, with both names and the comment; then pending ones too.
  await page.goto(`${receiver.url}/`);
  const wins = page.getByTestId('win');
  expect(await wins.count()).toBe(2);
  const win = wins.filter({ hasText: 'Ada Example' });
  await expect(win.getByTestId('win-credits')).toHaveTextSoon(
    'Made happen by Ada Example (Enterprise Sales), Bo Martin (Solutions)',
  );
  await expect(win.getByTestId('win-review')).toHaveTextSoon(
    'Confirmed by Dana Reviewer: “Signed a 3-year platform deal.”',
  );
  expect(await axeViolations(page)).toEqual([]);
  await shot(page, 'receiver-wall.png');

  await page.getByLabel('Include wins awaiting review').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/pending=1/);
  expect(await page.getByTestId('win').count()).toBe(3);
  expect(await pwned(page)).toBeUndefined();
  expect(await page.locator('main img, main iframe, main script').count()).toBe(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

test('a viewer reads the wall but cannot review', async () => {
  const viewer = await browser.newContext({ bypassCSP: true });
  await viewer.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
  );
  const page = await viewer.newPage();
  await page.goto(`${receiver.url}/`);
  await page.getByTestId('review-token').fill(VIEWER);
  await page.getByTestId('review-login').click();
  await page.waitForURL(`${receiver.url}/`);
  expect(await page.getByTestId('win').count()).toBe(2);
  const review = await page.goto(`${receiver.url}/review`);
  expect(review?.status()).toBe(403);
  await viewer.close();
});

// Small polling matchers: playwright-core has no `expect` of its own.
declare module 'vitest' {
  interface Assertion<T> {
    toBeVisibleSoon(): Promise<T>;
    toHaveTextSoon(text: string): Promise<T>;
  }
}
expect.extend({
  async toBeVisibleSoon(locator: import('playwright-core').Locator) {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: 5000 });
      return { pass: true, message: () => 'visible' };
    } catch {
      return { pass: false, message: () => `${locator} did not become visible` };
    }
  },
  async toHaveTextSoon(locator: import('playwright-core').Locator, text: string) {
    const normalise = (value: string) => value.replace(/\s+/g, ' ').trim();
    const deadline = Date.now() + 5000;
    let last = '';
    while (Date.now() < deadline) {
      last = normalise((await locator.first().textContent()) ?? '');
      if (last === text) return { pass: true, message: () => `has ${text}` };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { pass: false, message: () => `expected "${text}", got "${last}"` };
  },
});

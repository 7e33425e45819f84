/**
 * Delivery end to end: the built extension in Chromium submits captures to a real HTTP endpoint on
 * 127.0.0.1 that verifies signatures. Each test starts a fresh browser profile and endpoint.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import expected from '../fixtures/EXPECTED.json';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import {
  fixture,
  formIn,
  launch,
  pageMessage,
  readStore,
  saveEndpointDirectly,
  storedCaptures,
  type Session,
} from './harness';

const feed = expected.fixtures['linkedin-feed.html'];
let session: Session;
let endpoint: TestEndpoint;
let popup: Page;

beforeEach(async () => {
  endpoint = await startEndpoint();
  session = await launch();
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  popup = await session.popup();
  // The options page stores the endpoint this way (lib/endpoint-settings.ts); the test writes it
  // directly so that it does not depend on the options page.
  await saveEndpointDirectly(popup, {
    url: endpoint.url,
    token: endpoint.token,
    signingSecret: endpoint.secret,
  });
});
afterEach(async () => {
  await session?.close();
  await endpoint?.close();
});

/** Flag the first post of the LinkedIn feed and submit it. */
async function submitFirstPost(): Promise<void> {
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  const flag = page
    .locator(`[data-sourced-post-id="${feed.posts[0]!.id}"]`)
    .getByTestId('sourced-flag');
  await flag.click();
  const form = formIn(page);
  await form.getByTestId('sourced-outcome-type').selectOption('customer');
  await form.getByTestId('sourced-note').fill('Signed after a call set up through this post.');
  await form.getByTestId('sourced-submit').click();
  await expect.poll(() => page.getByTestId('sourced-toast').textContent()).toContain('queued');
}

async function capture(): Promise<Record<string, unknown>> {
  const [only] = await storedCaptures(popup);
  return only!;
}

test('a submitted capture arrives once, signed, with the contract headers', async () => {
  await submitFirstPost();
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(1);
  await expect.poll(async () => (await capture()).status).toBe('delivered');
  const [request] = endpoint.received;
  const stored = await capture();
  const eventId = `${stored.id}.1`;
  expect(request!.signatureValid).toBe(true);
  expect(request!.headers).toMatchObject({
    'webhook-id': eventId,
    'idempotency-key': `"${eventId}"`,
    authorization: `Bearer ${endpoint.token}`,
    'content-type': 'application/json',
  });
  expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(
    60,
  );
  const body = JSON.parse(request!.body);
  expect(body).toMatchObject({
    type: 'capture.submitted',
    data: {
      id: stored.id,
      revision: 1,
      platform: 'linkedin',
      post: {
        id: feed.posts[0]!.id,
        url: feed.posts[0]!.permalink,
        author: { name: feed.posts[0]!.author_name },
      },
      outcome: { type: 'customer', note: 'Signed after a call set up through this post.' },
    },
  });
  expect(stored.receipt).toEqual({ id: 'rcpt-1', url: 'https://wins.example.com/r' });
  // Give a second delivery a chance to happen: it must not.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(endpoint.received).toHaveLength(1);
});

test('500 twice then accepted: one capture, three attempts in the sync log, one event id', async () => {
  endpoint.reply({ status: 500, body: 'down' }, { status: 500, body: 'down' });
  await submitFirstPost();
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(1);
  await expect.poll(async () => (await capture()).status).toBe('queued');
  expect(await pageMessage(popup, 'syncNow')).toMatchObject({ ok: true, value: { retried: 1 } });
  expect(await pageMessage(popup, 'syncNow')).toMatchObject({ ok: true, value: { delivered: 1 } });
  expect((await capture()).status).toBe('delivered');
  const ids = new Set(endpoint.received.map((r) => r.headers['webhook-id']));
  expect(endpoint.received).toHaveLength(3);
  expect(ids.size).toBe(1);
  expect(endpoint.accepted.size).toBe(1);
  const log = await readStore<{ result: string; status: number; eventId: string }>(
    popup,
    'syncLog',
  );
  expect(log.map((e) => [e.result, e.status])).toEqual([
    ['retry', 500],
    ['retry', 500],
    ['delivered', 200],
  ]);
});

test('429 with Retry-After: the next attempt waits that long, then delivers by itself', async () => {
  endpoint.reply({ status: 429, headers: { 'retry-after': '2' } });
  await submitFirstPost();
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(2);
  const [first, second] = endpoint.received;
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000);
  await expect.poll(async () => (await capture()).status).toBe('delivered');
});

test('401 pauses delivery until the endpoint settings are saved again', async () => {
  endpoint.reply({ status: 401, body: '{"error":"token expired"}' });
  await submitFirstPost();
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(1);
  await expect
    .poll(
      async () =>
        (
          await readStore<{ key: string; value: { problem?: { kind: string } } }>(popup, 'meta')
        ).find((m) => m.key === 'deliveryState')?.value.problem?.kind,
    )
    .toBe('credentials');
  expect((await capture()).status).toBe('queued');
  expect(await pageMessage(popup, 'syncNow')).toMatchObject({
    ok: true,
    value: { outcome: 'paused' },
  });
  expect(endpoint.received).toHaveLength(1);
  // Saved again through the background, as the options page saves them: the pause is lifted and
  // what waited is delivered.
  const settings = {
    endpoint: {
      url: endpoint.url,
      format: 'sourced.v1',
      token: endpoint.token,
      signingSecret: endpoint.secret,
      headers: [],
    },
  };
  expect(await pageMessage(popup, 'saveSettings', settings)).toMatchObject({
    ok: true,
    value: { saved: ['endpoint'] },
  });
  await expect.poll(async () => (await capture()).status).toBe('delivered');
  expect(endpoint.received).toHaveLength(2);
});

test('the service worker stopped mid-delivery: the capture still arrives, once by event id', async () => {
  endpoint.reply({ hold: true });
  await submitFirstPost();
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(1);
  // Kill the worker while the endpoint has not answered.
  const cdp = await session.context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(async () => (await capture()).status).toBe('delivering');
  // The next wake-up (here: a message from the popup) resumes the run with the same event id.
  await expect
    .poll(async () => (await pageMessage(popup, 'syncNow').catch(() => undefined)) !== undefined, {
      timeout: 10_000,
    })
    .toBe(true);
  await expect.poll(async () => (await capture()).status, { timeout: 10_000 }).toBe('delivered');
  const ids = new Set(endpoint.received.map((r) => r.headers['webhook-id']));
  expect(ids).toEqual(new Set([`${(await capture()).id}.1`]));
  expect(endpoint.accepted.size).toBe(1);
});

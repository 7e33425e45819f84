/**
 * The options page end to end in Chromium: settings saved and refused, the test delivery against
 * a real endpoint on 127.0.0.1, exports through the browser's real downloads, and an import
 * through the file input.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createCapture } from '../../lib/capture-lifecycle';
import type { Capture } from '../../lib/capture';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import {
  launch,
  pageMessage,
  putRecords,
  readStore,
  storedCaptures,
  type Session,
} from './harness';

let session: Session;
let endpoint: TestEndpoint;
let page: Page;

beforeEach(async () => {
  endpoint = await startEndpoint();
  session = await launch();
  page = await session.options();
  await page.getByTestId('employee-name').waitFor();
});
afterEach(async () => {
  await session?.close();
  await endpoint?.close();
});

/** What the extension keeps in storage.local, read from its own page. */
function localStorageArea(): Promise<Record<string, unknown>> {
  return page.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { storage: { local: { get: (k: null) => Promise<Record<string, unknown>> } } };
      }
    ).chrome.storage.local.get(null),
  );
}

test('saves settings, refuses a bad URL next to it, and runs the test delivery', async () => {
  await page.getByTestId('employee-name').fill('Ada Example');
  await page.getByTestId('employee-email').fill('ada@example.com');
  await page.getByTestId('employee-id').fill('E-1024');
  await page.getByTestId('employee-team').fill('Sales');
  await page.getByTestId('privacy-excerpt-length').fill('120');
  await page.getByTestId('endpoint-url').fill('http://recognition.example.com/hook');
  await page.getByTestId('endpoint-token').fill(endpoint.token);
  await page.getByTestId('settings-save').click();

  const error = page.getByTestId('settings-error');
  await expect.poll(() => error.textContent()).toContain('Not saved: endpoint');
  expect(await error.textContent()).toContain('Endpoint URL: Use an https:// URL');
  expect(await page.getByTestId('endpoint-url-error').textContent()).toContain('localhost');
  expect(await page.getByTestId('endpoint-url').getAttribute('aria-invalid')).toBe('true');
  // The other sections were valid and are saved; the typed token waits in its field.
  // In the extension's database, out of a site renderer's reach; nothing in storage.local.
  const settingsNow = await readStore<{ key: string; value: unknown }>(page, 'settings');
  expect(Object.fromEntries(settingsNow.map((row) => [row.key, row.value]))).toEqual({
    identity: {
      name: 'Ada Example',
      email: 'ada@example.com',
      employeeId: 'E-1024',
      team: 'Sales',
    },
    privacy: { excerptLength: 120, keepAuthorNames: true },
  });
  expect(await localStorageArea()).toEqual({});
  expect(await page.getByTestId('endpoint-token').inputValue()).toBe(endpoint.token);

  await page.getByTestId('endpoint-url').fill(endpoint.url);
  await page.getByTestId('endpoint-secret').fill(endpoint.secret);
  await page.getByTestId('settings-save').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('Saved.');
  const saved = (
    await readStore<{ key: string; value: { config: unknown } }>(page, 'settings')
  ).find((row) => row.key === 'endpoint');
  expect(saved!.value.config).toEqual({
    url: endpoint.url,
    format: 'sourced.v1',
    token: endpoint.token,
    signingSecret: endpoint.secret,
    headers: [],
  });
  // Secrets are masked once saved: not in the fields, not anywhere in the page.
  expect(await page.getByTestId('endpoint-token').inputValue()).toBe('');
  expect(await page.getByTestId('endpoint-token').getAttribute('placeholder')).toContain('Saved');
  const html = await page.content();
  expect(html).not.toContain(endpoint.token);
  expect(html).not.toContain(endpoint.secret);

  endpoint.reply({ status: 401, body: '{"error":"unknown token"}' });
  await page.getByTestId('endpoint-test').click();
  const result = page.getByTestId('endpoint-test-result');
  await expect
    .poll(() => result.textContent(), { timeout: 10_000 })
    .toContain('credentials refused (401)');
  expect(await result.textContent()).toContain('unknown token');
  expect(await result.getAttribute('data-ok')).toBe('false');
  const request = endpoint.received.at(-1)!;
  expect(request.signatureValid).toBe(true);
  expect(request.headers.authorization).toBe(`Bearer ${endpoint.token}`);
  expect(JSON.parse(request.body)).toMatchObject({ type: 'capture.test' });

  await page.getByTestId('endpoint-test').click();
  await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
  expect(await result.textContent()).toContain('delivered (200)');

  // Both attempts are in the sync log, newest first.
  const rows = page.getByTestId('sync-log').getByTestId('sync-log-row');
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.first().textContent()).toContain('Test');
  expect(await rows.nth(1).textContent()).toContain('401');
});

/** Three captures with the text that trips spreadsheets and JSON writers up. */
function sampleCaptures(): Capture[] {
  const base = (i: number, overrides: Partial<Capture> = {}): Capture => ({
    ...createCapture({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      platform: 'linkedin',
      post: {
        id: `urn:li:activity:746278347538964490${i}`,
        url: `https://www.linkedin.com/feed/update/urn:li:activity:746278347538964490${i}/`,
        kind: 'post',
        author: { name: 'Priya Lorem' },
        excerpt: 'Our rollout, explained — café, 🎉',
      },
      postKey: `urn:li:activity:746278347538964490${i}`,
      outcome: {
        type: 'deal',
        stage: 'won',
        value: { amount: 12000, currency: 'EUR' },
        note: `Note ${i}, with "quotes"\nand a second line`,
        crmRef: i === 1 ? '=HYPERLINK("https://evil.example")' : `CRM-${i}`,
      },
      employee: { name: 'Ada Example', email: 'ada@example.com' },
      clientVersion: '0.1.0',
      submit: false,
      now: new Date(Date.UTC(2026, 4, 20, 12, i)),
    }),
    ...overrides,
  });
  return [
    base(1),
    base(2, {
      status: 'delivered',
      deliveredAt: '2026-05-20T12:05:00.000Z',
      deliveredRevision: 1,
      attempts: 1,
      receipt: { id: 'rcpt_2' },
    }),
    base(3, { status: 'failed', attempts: 2, lastError: 'rejected (422): stage not allowed' }),
  ];
}

async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test('exports JSON, CSV and NDJSON through real downloads, then imports the JSON back', async () => {
  const captures = sampleCaptures();
  await putRecords(page, 'captures', captures);
  await putRecords(page, 'syncLog', [
    {
      at: '2026-05-20T12:05:00.000Z',
      captureId: captures[1]!.id,
      eventId: `${captures[1]!.id}.1`,
      url: 'https://recognition.example.com/sourced',
      status: 200,
      result: 'delivered',
      durationMs: 88,
    },
  ]);

  const json = await download('export-json');
  expect(json.name).toMatch(/^sourced-export-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(json.bytes.toString('utf8'));
  expect(exported).toMatchObject({
    format: 'sourced-export',
    version: 1,
    client: { name: 'sourced' },
  });
  expect(exported.captures.map((c: Capture) => c.id)).toEqual(captures.map((c) => c.id));
  expect(exported.captures[1]).toMatchObject({
    status: 'delivered',
    receipt: { id: 'rcpt_2' },
    attempts: 1,
  });
  expect(exported.syncLog).toHaveLength(1);
  await expect
    .poll(() => page.getByTestId('export-result').textContent())
    .toBe(`Exported 3 captures and 1 sync log entries to ${json.name}.`);

  const csv = await download('export-csv');
  expect(csv.name).toMatch(/^sourced-export-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const table = Papa.parse<Record<string, string>>(csv.bytes.toString('utf8').slice(1), {
    header: true,
    skipEmptyLines: true,
  });
  expect(table.errors).toEqual([]);
  expect(table.data.map((row) => row.id)).toEqual(captures.map((c) => c.id));
  expect(table.data[0]).toMatchObject({
    'outcome.crmRef': `'=HYPERLINK("https://evil.example")`,
    'outcome.note': 'Note 1, with "quotes"\nand a second line',
    'post.excerpt': 'Our rollout, explained — café, 🎉',
  });

  const ndjson = await download('export-ndjson');
  const lines = ndjson.bytes
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.kind)).toEqual(['capture', 'capture', 'capture', 'syncLog']);

  // Start over, then restore the JSON export through the file input.
  await page.getByTestId('delete-all-data').click();
  await page.getByTestId('delete-all-confirm').click();
  await page.getByTestId('delete-all-result').waitFor();
  expect(await storedCaptures(page)).toEqual([]);

  await page.getByTestId('import-file').setInputFiles({
    name: json.name,
    mimeType: 'application/json',
    buffer: Buffer.from(json.bytes.toString('utf8').slice(0, 400)),
  });
  const result = page.getByTestId('import-result');
  await expect.poll(() => result.getAttribute('data-state')).toBe('error');
  expect(await result.textContent()).toContain('incomplete or damaged');
  expect(await storedCaptures(page)).toEqual([]);

  await page
    .getByTestId('import-file')
    .setInputFiles({ name: json.name, mimeType: 'application/json', buffer: json.bytes });
  await expect.poll(() => result.getAttribute('data-state')).toBe('done');
  expect(await result.textContent()).toBe(
    'Imported: 3 new captures, 0 updated, 0 already up to date; 1 sync log entry added.',
  );
  const restored = await storedCaptures(page);
  expect(restored.map((c) => c.id).sort()).toEqual(captures.map((c) => c.id));
  // Exporting again gives the same records.
  const again = JSON.parse((await download('export-json')).bytes.toString('utf8'));
  expect(again.captures).toEqual(exported.captures);
  expect(again.syncLog).toEqual(exported.syncLog);
});

test('a test delivery with no saved endpoint is refused in its own words, through the background', async () => {
  // The page's own message, as the "Send a test" button sends it, with nothing saved.
  expect(await pageMessage(page, 'testEndpoint')).toEqual({
    ok: false,
    error: 'Save an endpoint first, then send a test.',
  });
  expect(endpoint.received).toHaveLength(0);
});

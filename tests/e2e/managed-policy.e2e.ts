/**
 * Managed configuration end to end in real Chromium: an enterprise policy file for the unpacked
 * test build (as an administrator's JSON policy on Linux), a fresh profile, and an employee who
 * types only a name and an email. The options page shows the organisation's settings locked;
 * an email of another domain is refused; a flagged capture reaches the policy's endpoint signed
 * with the policy's secret, with its token, its custom header and its excerpt length.
 *
 * Chromium reads /etc/chromium/policies/managed/*.json, which only root can write: this file
 * fails (never skips) when it cannot, since `npm test` in CI runs as root.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import expected from '../fixtures/EXPECTED.json';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import {
  EXTENSION_DIR,
  fixture,
  formIn,
  launch,
  readStore,
  storedCaptures,
  type Session,
} from './harness';

const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, `sourced-e2e-${process.pid}.json`);
const feed = expected.fixtures['linkedin-feed.html'];
const post = feed.posts[0]!;
const EXCERPT_LENGTH = 40;
/** Chromium re-reads policy files when they change, after a settle delay. */
const POLICY_RELOAD_MS = 45_000;

/** An unpacked extension's id: SHA-256 of its absolute path, first 32 hex digits mapped 0-f → a-p. */
export function unpackedExtensionId(dir: string): string {
  return [...createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16)))
    .join('');
}

let endpoint: TestEndpoint;
let session: Session | undefined;
let policy: Record<string, unknown>;
/** The policy directories this file creates, outermost first, removed again afterwards. */
let created: string[] = [];

beforeAll(async () => {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The managed-policy test writes ${POLICY_DIR}, which needs root (CI runs as root). ` +
        'Run it as root, e.g. `sudo npx vitest run -c vitest.e2e.config.ts tests/e2e/managed-policy.e2e.ts`.',
    );
  }
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('No test build: run `npm run build:e2e` first.');
  }
  endpoint = await startEndpoint();
  policy = {
    endpointUrl: endpoint.url,
    endpointFormat: 'sourced.v1',
    endpointToken: endpoint.token,
    endpointSigningSecret: endpoint.secret,
    endpointHeaders: { 'X-Org-Unit': 'sales-emea' },
    teams: ['Sales EMEA', 'Partnerships'],
    employeeEmailDomain: 'example.com',
    privacyExcerptLength: EXCERPT_LENGTH,
    privacyAuthorNames: false,
  };
  created = ['/etc/chromium', '/etc/chromium/policies', POLICY_DIR].filter((d) => !existsSync(d));
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        '3rdparty': { extensions: { [unpackedExtensionId(EXTENSION_DIR)]: policy } },
      }),
    );
  } catch (error) {
    throw new Error(`Cannot write the Chromium policy file ${POLICY_FILE}: ${String(error)}`);
  }
  session = await launch();
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
});

afterAll(async () => {
  rmSync(POLICY_FILE, { force: true });
  for (const dir of [...created].reverse()) rmdirSync(dir);
  await session?.close();
  await endpoint?.close();
});

test('the policy names the unpacked build by the id Chromium derives from its path', () => {
  expect(session!.extensionId).toBe(unpackedExtensionId(EXTENSION_DIR));
});

test('the options page shows the organisation’s settings locked, and refuses another domain', async () => {
  const page = await session!.options();
  const notice = page.getByTestId('managed-notice');
  await notice.waitFor();
  const text = await notice.textContent();
  expect(text).toContain('Set by your organisation');
  expect(text).toContain('the recognition endpoint');
  expect(text).toContain('its signing secret');
  expect(text).toContain(`the characters of post text kept (${EXCERPT_LENGTH})`);
  expect(text).toContain('the email domain (example.com)');
  expect(text).not.toContain('ignored');

  expect(await page.getByTestId('endpoint-url').inputValue()).toBe(endpoint.url);
  expect(await page.getByTestId('endpoint-url').getAttribute('readonly')).not.toBeNull();
  expect(await page.getByTestId('endpoint-format').isDisabled()).toBe(true);
  expect(await page.getByTestId('endpoint-token').isDisabled()).toBe(true);
  expect(await page.getByTestId('endpoint-secret').isDisabled()).toBe(true);
  expect(await page.getByTestId('endpoint-header-value').isDisabled()).toBe(true);
  expect(await page.getByTestId('privacy-excerpt-length').inputValue()).toBe(
    String(EXCERPT_LENGTH),
  );
  expect(await page.getByTestId('privacy-excerpt-length').getAttribute('readonly')).not.toBeNull();
  expect(await page.getByTestId('privacy-author-names').isDisabled()).toBe(true);
  // The test build grants loopback up front, so no permission is missing.
  expect(await page.getByTestId('endpoint-allow').count()).toBe(0);
  // No secret of the policy reaches the page.
  const html = await page.content();
  for (const secret of [endpoint.token, endpoint.secret, endpoint.secret.slice(6), 'sales-emea']) {
    expect(html).not.toContain(secret);
  }

  // The employee types a name and an address of another domain: refused, with the reason.
  await page.getByTestId('employee-name').fill('Ada Example');
  await page.getByTestId('employee-email').fill('ada@gmail.com');
  await page.getByTestId('settings-save').click();
  const emailError = page.getByTestId('employee-email-error');
  await expect
    .poll(() => emailError.textContent())
    .toBe(
      'Use your work email ending in @example.com: your organisation accepts no other address.',
    );
  expect(await page.getByTestId('settings-error').textContent()).toContain('Not saved: identity');

  // Their work address, and a team from the organisation's list (a select, same test id).
  await page.getByTestId('employee-email').fill('ada@example.com');
  await page.getByTestId('employee-team').selectOption('Partnerships');
  await page.getByTestId('settings-save').click();
  await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('Saved.');
  // Saved in the extension's database; nothing of the endpoint saved as the employee's own.
  const settings = await readStore<{ key: string; value: unknown }>(page, 'settings');
  expect(settings.find((row) => row.key === 'identity')?.value).toEqual({
    name: 'Ada Example',
    email: 'ada@example.com',
    team: 'Partnerships',
  });
  expect(settings.find((row) => row.key === 'endpoint')).toBeUndefined();
  await page.close();
});

test('a flagged capture reaches the policy’s endpoint, signed, with its token, header and excerpt length', async () => {
  const site = await session!.context.newPage();
  await site.goto(feed.page_url);
  await site.locator(`[data-sourced-post-id="${post.id}"]`).getByTestId('sourced-flag').click();
  const form = formIn(site);
  await form.getByTestId('sourced-outcome-type').selectOption('customer');
  await form.getByTestId('sourced-note').fill('Signed after a call set up through this post.');
  await form.getByTestId('sourced-submit').click();

  await expect.poll(() => endpoint.received.length, { timeout: 15_000 }).toBe(1);
  const [request] = endpoint.received;
  expect(request!.signatureValid).toBe(true);
  expect(request!.headers).toMatchObject({
    authorization: `Bearer ${endpoint.token}`,
    'x-org-unit': 'sales-emea',
  });
  const body = JSON.parse(request!.body) as {
    data: { post: { excerpt?: string; author: { name?: string } }; employee: unknown };
  };
  expect(body.data.post.excerpt).toBe(
    `${Array.from(post.text)
      .slice(0, EXCERPT_LENGTH - 1)
      .join('')}…`,
  );
  expect(Array.from(body.data.post.excerpt!)).toHaveLength(EXCERPT_LENGTH);
  // privacyAuthorNames: false.
  expect(body.data.post.author.name).toBeUndefined();
  expect(body.data.employee).toEqual({
    name: 'Ada Example',
    email: 'ada@example.com',
    team: 'Partnerships',
  });
  const popup = await session!.popup();
  await expect.poll(async () => (await storedCaptures(popup))[0]?.status).toBe('delivered');
  // The popup's first-run hint asks for nothing: identity typed, endpoint set by policy.
  expect(await popup.getByTestId('first-run-hint').count()).toBe(0);
  // The sync log (and so an export) holds no secret of the policy.
  const log = JSON.stringify(await readStore(popup, 'syncLog'));
  expect(log).not.toContain(endpoint.token);
});

test('a policy changed while the browser runs moves delivery to the new endpoint, which waits for the allow button', async () => {
  // An endpoint the test build has no host permission for (only loopback is granted up front).
  const next = { ...policy, endpointUrl: 'https://recognition.example.com/v1/captures' };
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(EXTENSION_DIR)]: next } } }),
  );
  const popup = await session!.popup();
  // Chromium notices the changed file by itself (after a settle delay of a few seconds).
  const allow = popup.getByTestId('endpoint-allow');
  await allow.waitFor({ timeout: POLICY_RELOAD_MS });
  expect(await allow.textContent()).toBe('Allow delivery to recognition.example.com');
  const options = await session!.options();
  expect(await options.getByTestId('endpoint-url').inputValue()).toBe(next.endpointUrl);
  expect(await options.getByTestId('endpoint-allow').textContent()).toBe(
    'Allow delivery to recognition.example.com',
  );

  // A capture submitted now waits, and the popup says why.
  const site = await session!.context.newPage();
  await site.goto(feed.page_url);
  const second = feed.posts[1]!;
  await site.locator(`[data-sourced-post-id="${second.id}"]`).getByTestId('sourced-flag').click();
  const form = formIn(site);
  await form.getByTestId('sourced-outcome-type').selectOption('deal');
  await form.getByTestId('sourced-submit').click();
  await expect
    .poll(() => popup.getByTestId('sync-state').textContent(), { timeout: 15_000 })
    .toContain('captures wait here until you press “Allow delivery to recognition.example.com”');
  const captures = await storedCaptures(popup);
  expect(captures.map((c) => c.status).sort()).toEqual(['delivered', 'queued']);
  expect(endpoint.received).toHaveLength(1);
}, 120_000);

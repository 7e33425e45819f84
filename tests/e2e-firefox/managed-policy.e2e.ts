/**
 * Managed settings from a Firefox enterprise policy: `policies.json` → `3rdparty` → `Extensions`
 * → the add-on's gecko id reaches `browser.storage.managed` in the add-on's pages, with every key
 * of managed-config.md and its JSON type intact. Without a policy the same read is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import {
  FIREFOX_POLICY_FILE,
  launchFirefox,
  withFirefoxPolicy,
  type FirefoxSession,
} from './harness';

const POLICY = {
  endpointUrl: 'http://127.0.0.1:8787/v1/captures',
  endpointFormat: 'sourced.v1',
  endpointToken: 'org-token-e2e',
  endpointSigningSecret: 'whsec_c291cmNlZC1maXJlZm94LWUyZS1zZWNyZXQ=',
  endpointHeaders: { 'X-Org-Unit': 'sales-emea' },
  teams: ['Sales EMEA', 'Partnerships'],
  employeeEmailDomain: 'example.com',
  privacyExcerptLength: 120,
  privacyAuthorNames: false,
  lockSettings: true,
};

const policyFileContent = () =>
  existsSync(FIREFOX_POLICY_FILE) ? readFileSync(FIREFOX_POLICY_FILE, 'utf8') : null;

let session: FirefoxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** `browser.storage.managed.get(keys)` in an extension page: its value, or why it was refused. */
function readManaged(page: Page, keys?: string | string[]) {
  return page.evaluate(
    (keys) =>
      (
        globalThis as unknown as {
          browser: {
            storage: { managed: { get(k?: string | string[]): Promise<Record<string, unknown>> } };
          };
        }
      ).browser.storage.managed
        .get(keys ?? undefined)
        .then(
          (value) => ({ value }),
          (error: Error) => ({ error: String(error?.message ?? error) }),
        ),
    keys ?? null,
  );
}

test('the policy’s 3rdparty section is the add-on’s managed storage, types intact', async () => {
  const before = policyFileContent();
  await withFirefoxPolicy(POLICY, async () => {
    session = await launchFirefox();
    // Firefox read the file: its policy engine is active (a JSON error would say "failed").
    expect(
      await session.chrome<number>('Services.policies.status === Ci.nsIEnterprisePolicies.ACTIVE'),
    ).toBe(true);
    const options = await session.openExtensionPage('options.html');
    expect(await readManaged(options)).toEqual({ value: POLICY });
    expect(await readManaged(options, ['endpointUrl', 'privacyExcerptLength'])).toEqual({
      value: { endpointUrl: POLICY.endpointUrl, privacyExcerptLength: 120 },
    });
  });
  // The test's policy is gone afterwards; a policy file that was there before is back.
  expect(policyFileContent()).toBe(before);
});

test('Firefox passes policy values through unchecked: wrong types and unknown keys arrive as written', async () => {
  // Chrome checks managed values against managed_schema.json; Firefox has no schema for the
  // 3rdparty section, so the extension itself must check every managed value.
  const hostile = {
    privacyExcerptLength: 'all of it',
    lockSettings: 'yes',
    endpointHeaders: ['X-Org-Unit: sales'],
    notASetting: { nested: true },
  };
  await withFirefoxPolicy(hostile, async () => {
    session = await launchFirefox();
    const options = await session.openExtensionPage('options.html');
    expect(await readManaged(options)).toEqual({ value: hostile });
  });
});

test('without a policy naming the add-on, Firefox refuses the managed read', async () => {
  session = await launchFirefox();
  const options = await session.openExtensionPage('options.html');
  expect(await readManaged(options)).toEqual({
    error: expect.stringContaining('Managed storage manifest not found'),
  });
});

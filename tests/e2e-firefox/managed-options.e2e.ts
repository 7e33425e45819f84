/**
 * The options page under a Firefox enterprise policy: the settings of `3rdparty` → `Extensions`
 * → the add-on's id are shown locked with their test ids, named in `managed-notice`, and no
 * secret of the policy reaches the page. Firefox checks no schema: a value of the wrong type
 * reaches the extension, which ignores it and names the key.
 */
import { afterEach, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, readStore, withFirefoxPolicy, type FirefoxSession } from './harness';

const POLICY = {
  endpointUrl: 'http://127.0.0.1:8787/v1/captures',
  endpointFormat: 'sourced.v1',
  endpointToken: 'org-token-firefox-e2e',
  endpointSigningSecret: 'whsec_c291cmNlZC1maXJlZm94LWUyZS1zZWNyZXQ=',
  endpointHeaders: { 'X-Org-Unit': 'sales-emea-firefox' },
  teams: ['Sales EMEA', 'Partnerships'],
  employeeEmailDomain: 'example.com',
  privacyExcerptLength: 120,
  // Wrong type and unknown key: passed through by Firefox, ignored and named by Sourced.
  privacyAuthorNames: 'no',
  excerptLength: 50,
};

let session: FirefoxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The state of the element with this test id, read in the page. */
function field(page: Page, testId: string) {
  return page.$eval(`[data-testid="${testId}"]`, (element) => {
    const input = element as HTMLInputElement;
    return {
      tag: element.tagName.toLowerCase(),
      value: input.value,
      readOnly: input.readOnly === true,
      disabled: input.disabled === true,
    };
  });
}

test('the options page shows the Firefox policy’s settings locked, secrets hidden, bad keys named', async () => {
  await withFirefoxPolicy(POLICY, async () => {
    session = await launchFirefox();
    const page = await session.openExtensionPage('options.html');
    const notice = await page.waitForSelector('[data-testid="managed-notice"]', {
      timeout: 15_000,
    });
    const text = await notice!.evaluate((element) => element.textContent ?? '');
    expect(text).toContain('Set by your organisation');
    expect(text).toContain('the recognition endpoint');
    expect(text).toContain('the email domain (example.com)');
    expect(text).toContain('the characters of post text kept (120)');
    expect(text).toContain(
      'privacyAuthorNames must be true or false, not a string; it is ignored.',
    );
    expect(text).toContain('excerptLength is not a Sourced setting; it is ignored.');

    expect(await field(page, 'endpoint-url')).toMatchObject({
      value: POLICY.endpointUrl,
      readOnly: true,
    });
    expect(await field(page, 'endpoint-format')).toMatchObject({ disabled: true });
    expect(await field(page, 'endpoint-token')).toMatchObject({ value: '', disabled: true });
    expect(await field(page, 'endpoint-secret')).toMatchObject({ value: '', disabled: true });
    expect(await field(page, 'endpoint-header-value')).toMatchObject({ disabled: true });
    expect(await field(page, 'privacy-excerpt-length')).toMatchObject({
      value: '120',
      readOnly: true,
    });
    // Its policy value was ignored: the employee's to choose.
    expect(await field(page, 'privacy-author-names')).toMatchObject({ disabled: false });
    expect(await field(page, 'employee-team')).toMatchObject({ tag: 'select' });
    // Not set by the policy: the employee's to fill in.
    expect(await field(page, 'employee-name')).toMatchObject({ readOnly: false, disabled: false });

    const html = await page.content();
    for (const secret of [
      POLICY.endpointToken,
      POLICY.endpointSigningSecret,
      'c291cmNlZC1maXJlZm94LWUyZS1zZWNyZXQ',
      'sales-emea-firefox',
    ]) {
      expect(html).not.toContain(secret);
    }
    // Nothing of the policy was written into the extension's own settings.
    expect(await readStore(page, 'settings')).toEqual([]);
  });
});

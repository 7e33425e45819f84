// @vitest-environment happy-dom
/**
 * The options page under an organisation's policy: what it says was set, the locked fields
 * (same test ids, read-only or disabled), no secret in the page, the team select, the email
 * domain refusal, the endpoint-allow button, and a policy change while the page is open.
 */
import Dexie from 'dexie';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { OptionsApp } from '../../components/OptionsApp';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { readLocalIdentity, saveLocalPrivacy } from '../../lib/settings';
import { byTestId, choose, click, fakeServices, type, waitFor } from './options-helpers';

const TOKEN = 'org_token_7d1c9a44e0b2';
const SECRET = `whsec_${Buffer.from('sourced-managed-signing-key-32by').toString('base64')}`;
const POLICY = {
  endpointUrl: 'https://recognition.example.com/v1/captures',
  endpointToken: TOKEN,
  endpointSigningSecret: SECRET,
  endpointHeaders: { 'X-Org-Unit': 'sales-emea-value' },
  teams: ['Sales EMEA', 'Partnerships'],
  employeeEmailDomain: 'example.com',
  privacyExcerptLength: 120,
};

let db: SourcedDatabase;
let root: HTMLElement;
let services: ReturnType<typeof fakeServices> & {
  origins: {
    has: ReturnType<typeof vi.fn<(pattern: string) => Promise<boolean>>>;
    request: ReturnType<typeof vi.fn<(pattern: string) => Promise<boolean>>>;
  };
};
let granted: boolean;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`options-managed-${Math.random()}`);
  granted = false;
  services = {
    ...fakeServices(db),
    origins: {
      has: vi.fn(async (_pattern: string) => granted),
      request: vi.fn(async (_pattern: string) => (granted = true)),
    },
  };
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(async () => {
  render(null, root);
  root.remove();
  db.close();
  await Dexie.delete(db.name);
});

async function open() {
  render(<OptionsApp services={services} />, root);
  await waitFor(() => byTestId(root, 'employee-name'));
}

const input = (id: string) => byTestId<HTMLInputElement>(root, id);

test('locked fields keep their test ids, read-only, and the notice names what was set', async () => {
  await fakeBrowser.storage.managed.set(POLICY);
  await saveLocalPrivacy(db, { excerptLength: 40 });
  await open();
  const notice = await waitFor(() => byTestId(root, 'managed-notice'));
  expect(notice.textContent).toContain('Set by your organisation');
  expect(notice.textContent).toContain('the recognition endpoint');
  expect(notice.textContent).toContain('its bearer token');
  expect(notice.textContent).toContain('the email domain (example.com)');
  expect(notice.textContent).toContain('the characters of post text kept (120)');
  expect(notice.textContent).toContain('read-only');

  expect(input('endpoint-url').value).toBe(POLICY.endpointUrl);
  expect(input('endpoint-url').readOnly).toBe(true);
  expect(byTestId<HTMLSelectElement>(root, 'endpoint-format').disabled).toBe(true);
  expect(input('endpoint-token').disabled).toBe(true);
  expect(input('endpoint-token').placeholder).toBe('Set by your organisation (hidden)');
  expect(input('endpoint-secret').disabled).toBe(true);
  expect(input('endpoint-header-name').value).toBe('X-Org-Unit');
  expect(input('endpoint-header-value').disabled).toBe(true);
  expect(root.querySelector('[data-testid="endpoint-token-clear"]')).toBeNull();
  expect(input('privacy-excerpt-length').value).toBe('120');
  expect(input('privacy-excerpt-length').readOnly).toBe(true);
  // Not set by the policy: still the employee's.
  expect(input('privacy-author-names').disabled).toBe(false);
  // No secret of the policy anywhere in the page.
  const html = root.innerHTML;
  for (const secret of [TOKEN, SECRET, 'sales-emea-value']) expect(html).not.toContain(secret);
});

test('the team is chosen from the list, and an email of another domain is refused', async () => {
  await fakeBrowser.storage.managed.set(POLICY);
  await open();
  const team = await waitFor(() => byTestId<HTMLSelectElement>(root, 'employee-team'));
  expect(team.tagName).toBe('SELECT');
  expect([...team.options].map((o) => o.value)).toEqual(['', 'Sales EMEA', 'Partnerships']);
  type(root, 'employee-name', 'Ada Example');
  type(root, 'employee-email', 'ada@gmail.com');
  choose(root, 'employee-team', 'Partnerships');
  await new Promise((resolve) => setTimeout(resolve, 0));
  click(root, 'settings-save');
  const error = await waitFor(() => byTestId(root, 'employee-email-error'));
  expect(error.textContent).toBe(
    'Use your work email ending in @example.com: your organisation accepts no other address.',
  );
  expect(await readLocalIdentity(db)).toEqual({});

  type(root, 'employee-email', 'ada@example.com');
  await new Promise((resolve) => setTimeout(resolve, 0));
  click(root, 'settings-save');
  await waitFor(() => expect(byTestId(root, 'settings-status').textContent).toBe('Saved.'));
  expect(await readLocalIdentity(db)).toEqual({
    name: 'Ada Example',
    email: 'ada@example.com',
    team: 'Partnerships',
  });
  // The locked endpoint was neither saved as the employee's nor asked a permission for.
  expect(services.ensureOrigin).not.toHaveBeenCalled();
  expect(await db.settings.get('endpoint')).toBeUndefined();
});

test('endpoint-allow asks for the organisation’s origin on the click, then goes', async () => {
  await fakeBrowser.storage.managed.set(POLICY);
  await open();
  const allow = await waitFor(() => byTestId(root, 'endpoint-allow'));
  expect(allow.textContent).toBe('Allow delivery to recognition.example.com');
  expect(allow.closest('[role="region"]')?.textContent).toContain('wait in this browser');
  allow.click();
  // The request is made in the click handler itself (the user gesture), for the origin only.
  expect(services.origins.request).toHaveBeenCalledWith('https://recognition.example.com/*');
  await waitFor(() => expect(root.querySelector('[data-testid="endpoint-allow"]')).toBeNull());
  expect(services.background.sent).toContain('syncNow');
});

test('a policy change while the page is open locks and unlocks the fields at once', async () => {
  await open();
  expect(root.querySelector('[data-testid="managed-notice"]')).toBeNull();
  expect(input('privacy-excerpt-length').readOnly).toBe(false);
  await fakeBrowser.storage.managed.set({ privacyExcerptLength: 0, lockSettings: true });
  await waitFor(() => expect(input('privacy-excerpt-length').readOnly).toBe(true));
  expect(input('privacy-excerpt-length').value).toBe('0');
  await fakeBrowser.storage.managed.clear();
  await waitFor(() => expect(input('privacy-excerpt-length').readOnly).toBe(false));
  expect(root.querySelector('[data-testid="managed-notice"]')).toBeNull();
  // The employee's own value is back in the field.
  expect(input('privacy-excerpt-length').value).toBe('280');

  // The organisation's endpoint arrives, then goes: the employee's (none) is back, editable.
  await fakeBrowser.storage.managed.set({ endpointUrl: POLICY.endpointUrl });
  await waitFor(() => expect(input('endpoint-url').value).toBe(POLICY.endpointUrl));
  expect(input('endpoint-url').readOnly).toBe(true);
  await fakeBrowser.storage.managed.clear();
  await waitFor(() => expect(input('endpoint-url').value).toBe(''));
  expect(input('endpoint-url').readOnly).toBe(false);
});

test('an ignored key is named in the notice; the page still works', async () => {
  await fakeBrowser.storage.managed.set({ privacyExcerptLength: 9000, endpointToken: TOKEN });
  await open();
  const notice = await waitFor(() => byTestId(root, 'managed-notice'));
  expect(notice.textContent).toContain('privacyExcerptLength');
  expect(notice.textContent).toContain('endpointToken is ignored');
  expect(notice.textContent).not.toContain(TOKEN);
  expect(input('privacy-excerpt-length').readOnly).toBe(false);
});

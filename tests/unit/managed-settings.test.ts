/**
 * Managed settings (shared design: managed-config.md): each policy key checked on its own, the
 * endpoint applied whole or not at all, the merge with the employee's settings with the lock on
 * and off, a key dropped by the policy, and a policy changed at run time.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { runOutbox } from '../../lib/delivery/outbox';
import { saveEndpoint } from '../../lib/endpoint-settings';
import { runExport } from '../../lib/export/run-export';
import { DEFAULT_PRIVACY, saveIdentity, saveLocalPrivacy } from '../../lib/settings';
import { saveSettings, type SaveSettingsRequest } from '../../lib/save-settings';
import { checkIdentity, identityDraft } from '../../lib/settings-draft';
import { backgroundChannel } from './background-channel';
import {
  effectiveEndpoint,
  effectiveIdentity,
  readEffectiveSettings,
} from '../../lib/settings/effective';
import {
  MANAGED_KEYS,
  onManagedPolicyChange,
  parseManagedPolicy,
  readManagedPolicy,
} from '../../lib/settings/managed';
import { capture } from './capture-fixtures';

const TOKEN = 'org_token_7d1c9a44e0b2';
const SECRET = `whsec_${Buffer.from('sourced-managed-signing-key-32by').toString('base64')}`;
const FULL = {
  endpointUrl: 'https://recognition.example.com/v1/captures',
  endpointFormat: 'sourced.v1',
  endpointToken: TOKEN,
  endpointSigningSecret: SECRET,
  endpointHeaders: { 'X-Org-Unit': 'sales-emea' },
  teams: ['Sales EMEA', 'Partnerships'],
  employeeEmailDomain: 'example.com',
  privacyExcerptLength: 120,
  privacyAuthorNames: false,
  lockSettings: true,
};

let db: SourcedDatabase;
beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`managed-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** The policy in the browser's managed storage (which the background reads), and as parsed. */
async function setPolicy(raw: Record<string, unknown>) {
  await fakeBrowser.storage.managed.set(raw);
  return parseManagedPolicy(raw);
}

/** The form's save, through the real background handlers (which check the policy again). */
const saveDeps = (policy: ReturnType<typeof parseManagedPolicy>) => {
  const ensureOrigin = vi.fn(async (_pattern: string) => true);
  const background = backgroundChannel(db);
  return {
    ensureOrigin,
    background,
    deps: {
      ensureOrigin,
      save: (request: SaveSettingsRequest) => background.send('saveSettings', request),
      policy,
    },
  };
};

const keysOf = (notices: { key: string }[]) => notices.map((n) => n.key);

describe('checking a policy key by key', () => {
  test('every key of the design, valid, is applied with no notice', () => {
    const policy = parseManagedPolicy(FULL);
    expect(policy.notices).toEqual([]);
    expect(policy.applied).toEqual([...MANAGED_KEYS]);
    expect(policy.endpoint).toEqual({
      url: FULL.endpointUrl,
      format: 'sourced.v1',
      token: TOKEN,
      signingSecret: SECRET,
      headers: [{ name: 'X-Org-Unit', value: 'sales-emea' }],
    });
    expect(policy).toMatchObject({
      teams: ['Sales EMEA', 'Partnerships'],
      emailDomain: 'example.com',
      excerptLength: 120,
      keepAuthorNames: false,
      lock: true,
    });
  });

  test('no policy (Chrome: {}; Firefox refuses the read) is no notice and nothing locked', async () => {
    expect(parseManagedPolicy({})).toEqual({ lock: true, applied: [], notices: [] });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(
      new Error('Managed storage manifest not found'),
    );
    expect(await readManagedPolicy()).toEqual({ lock: true, applied: [], notices: [] });
  });

  test.each([
    ['teams', 'Sales'],
    ['teams', ['Sales', 3]],
    ['employeeEmailDomain', 42],
    ['privacyExcerptLength', '120'],
    ['privacyAuthorNames', 'no'],
    ['lockSettings', 'false'],
  ])('%s of the wrong type (%j) is ignored with a notice naming it', (key, value) => {
    const policy = parseManagedPolicy({ privacyExcerptLength: 50, [key]: value });
    expect(keysOf(policy.notices)).toEqual([key]);
    expect(policy.notices[0]!.message).toContain(key);
    expect(policy.applied).not.toContain(key);
    if (key !== 'privacyExcerptLength') expect(policy.excerptLength).toBe(50);
  });

  test('a wrongly typed lockSettings keeps the settings locked', () => {
    expect(parseManagedPolicy({ lockSettings: 'false' }).lock).toBe(true);
    expect(parseManagedPolicy({ lockSettings: false }).lock).toBe(false);
  });

  test.each([
    ['privacyExcerptLength', 501],
    ['privacyExcerptLength', -1],
    ['privacyExcerptLength', 2.5],
    ['employeeEmailDomain', 'not a domain'],
    ['employeeEmailDomain', 'localhost'],
    ['teams', []],
    ['teams', ['  ', '']],
  ])('%s with an invalid value (%j) is ignored with a notice naming it', (key, value) => {
    const policy = parseManagedPolicy({ [key]: value });
    expect(keysOf(policy.notices)).toEqual([key]);
    expect(policy.applied).toEqual([]);
  });

  test('an unknown key is named; the rest of the policy applies', () => {
    const policy = parseManagedPolicy({ endpointURL: 'https://x.example.com/', teams: ['A'] });
    expect(keysOf(policy.notices)).toEqual(['endpointURL']);
    expect(policy.teams).toEqual(['A']);
  });

  test('the email domain is kept in lower case without a leading @; teams trimmed, deduplicated', () => {
    const policy = parseManagedPolicy({
      employeeEmailDomain: ' @Example.COM ',
      teams: [' Sales ', 'Sales', 'Ops'],
    });
    expect(policy.emailDomain).toBe('example.com');
    expect(policy.teams).toEqual(['Sales', 'Ops']);
  });
});

describe('the endpoint applies whole or not at all', () => {
  test.each([
    ['endpointUrl', { endpointUrl: 'http://recognition.example.com/hook' }],
    ['endpointUrl', { endpointUrl: 'ftp://recognition.example.com/' }],
    ['endpointFormat', { endpointFormat: 'xml' }],
    ['endpointToken', { endpointToken: 'has spaces in it' }],
    ['endpointSigningSecret', { endpointSigningSecret: 'whsec_***' }],
    ['endpointHeaders', { endpointHeaders: { Cookie: 'session=1' } }],
    ['endpointHeaders', { endpointHeaders: { Authorization: 'Basic x' } }],
    ['endpointHeaders', { endpointHeaders: { 'X-Ok': 3 } }],
    ['endpointToken', { endpointToken: 12345 }],
  ])('an invalid %s leaves no part of the organisation’s endpoint applied', (key, override) => {
    const policy = parseManagedPolicy({ ...FULL, ...override });
    expect(policy.endpoint).toBeUndefined();
    expect(policy.applied.filter((k) => k.startsWith('endpoint'))).toEqual([]);
    expect(policy.notices.some((n) => n.key === key)).toBe(true);
    expect(policy.notices.some((n) => n.message.includes('apply together'))).toBe(true);
    // The other settings still apply.
    expect(policy.excerptLength).toBe(120);
    // A notice never quotes a value: the secrets stay out of the page.
    const text = JSON.stringify(policy.notices);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET.slice(6));
    expect(text).not.toContain('session=1');
  });

  test('http is accepted on localhost and 127.0.0.1 only', () => {
    for (const url of ['http://localhost:8787/v1/captures', 'http://127.0.0.1:9/x']) {
      expect(parseManagedPolicy({ endpointUrl: url }).endpoint?.url).toBe(url);
    }
  });

  test('secrets without a URL are ignored: never sent to an endpoint chosen in the browser', async () => {
    const policy = parseManagedPolicy({ endpointToken: TOKEN, endpointHeaders: { 'X-A': 'b' } });
    expect(policy.endpoint).toBeUndefined();
    expect(keysOf(policy.notices)).toEqual(['endpointToken', 'endpointHeaders']);
    await saveEndpoint(db, { url: 'https://mine.example.com/', format: 'sourced.v1', headers: [] });
    const endpoint = await readEffectiveSettings(db, policy);
    expect(endpoint.endpoint?.config).toEqual({
      url: 'https://mine.example.com/',
      format: 'sourced.v1',
      headers: [],
    });
  });
});

describe('merging with the employee’s settings', () => {
  beforeEach(async () => {
    await saveEndpoint(db, {
      url: 'https://mine.example.com/hook',
      format: 'slack',
      token: 'tok_mine_0123456789',
      headers: [],
    });
    await saveLocalPrivacy(db, { excerptLength: 40, keepAuthorNames: true });
    await saveIdentity(db, { name: 'Ada Example', email: 'ada@example.com', team: 'Sales EMEA' });
  });

  test('locked (the default): the policy wins, the employee’s values are kept underneath', async () => {
    await fakeBrowser.storage.managed.set(FULL);
    const settings = await readEffectiveSettings(db);
    expect(settings.endpoint).toMatchObject({ source: 'policy', config: { token: TOKEN } });
    expect(settings.privacy).toEqual({ excerptLength: 120, keepAuthorNames: false });
    expect(settings.locked).toMatchObject({
      endpoint: true,
      excerptLength: true,
      keepAuthorNames: true,
    });
    // The summary says a secret is set, never what it is.
    expect(JSON.stringify(settings.endpointSummary)).not.toContain(TOKEN);
    expect(settings.endpointSummary).toMatchObject({ tokenSet: true, signingSecretSet: true });

    // The policy drops keys: the employee's own values come back.
    await fakeBrowser.storage.managed.clear();
    await fakeBrowser.storage.managed.set({ privacyAuthorNames: false });
    const after = await readEffectiveSettings(db);
    expect(after.endpoint).toMatchObject({
      source: 'local',
      config: { url: 'https://mine.example.com/hook', token: 'tok_mine_0123456789' },
    });
    expect(after.privacy).toEqual({ excerptLength: 40, keepAuthorNames: false });
  });

  test('unlocked: policy values are defaults, and the employee’s saved values win', async () => {
    await fakeBrowser.storage.managed.set({ ...FULL, lockSettings: false });
    const settings = await readEffectiveSettings(db);
    expect(settings.endpoint?.source).toBe('local');
    expect(settings.privacy).toEqual({ excerptLength: 40, keepAuthorNames: true });
    expect(settings.locked).toMatchObject({ endpoint: false, excerptLength: false });

    // Where the employee has set nothing, the default of the organisation applies.
    await db.settings.clear();
    const fresh = await readEffectiveSettings(db);
    expect(fresh.endpoint?.source).toBe('policy');
    expect(fresh.privacy).toEqual({ excerptLength: 120, keepAuthorNames: false });
  });

  test('the domain rule and the team list apply to what is sent', async () => {
    await fakeBrowser.storage.managed.set({ employeeEmailDomain: 'corp.example', teams: ['Ops'] });
    expect(await effectiveIdentity(db)).toEqual({ name: 'Ada Example' });
    await fakeBrowser.storage.managed.set({
      employeeEmailDomain: 'EXAMPLE.com',
      teams: ['Sales EMEA'],
    });
    expect(await effectiveIdentity(db)).toEqual({
      name: 'Ada Example',
      email: 'ada@example.com',
      team: 'Sales EMEA',
    });
  });

  test('a policy change at run time is seen by the next read and announced once', async () => {
    const changed = vi.fn();
    const stop = onManagedPolicyChange(changed);
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    expect(changed).not.toHaveBeenCalled();
    await fakeBrowser.storage.managed.set({ endpointUrl: 'https://org.example.com/v1' });
    expect(changed).toHaveBeenCalledTimes(1);
    expect((await effectiveEndpoint(db))?.config.url).toBe('https://org.example.com/v1');
    await fakeBrowser.storage.managed.set({ endpointUrl: 'https://org2.example.com/v1' });
    expect((await effectiveEndpoint(db))?.config.url).toBe('https://org2.example.com/v1');
    stop();
    await fakeBrowser.storage.managed.clear();
    expect(changed).toHaveBeenCalledTimes(2);
    expect((await effectiveEndpoint(db))?.config.url).toBe('https://mine.example.com/hook');
  });
});

describe('the identity form under the organisation’s rules', () => {
  const rules = { lock: true, emailDomain: 'example.com', teams: ['Sales EMEA', 'Ops'] };

  test('an email of another domain is refused with a clear message', () => {
    const draft = identityDraft({ name: 'Ada', email: 'ada@gmail.com' });
    expect(checkIdentity(draft, rules)).toEqual({
      errors: {
        'employee-email':
          'Use your work email ending in @example.com: your organisation accepts no other address.',
      },
    });
    // A look-alike domain is another domain.
    expect(
      checkIdentity(identityDraft({ email: 'ada@example.com.evil.test' }), rules).errors,
    ).toHaveProperty('employee-email');
    expect(checkIdentity(identityDraft({ email: 'Ada@Example.com' }), rules).errors).toEqual({});
  });

  test('a team outside the list is refused; unlocked, both are only suggestions', () => {
    const draft = identityDraft({ team: 'Marketing', email: 'ada@gmail.com' });
    expect(checkIdentity(draft, rules).errors).toHaveProperty('employee-team');
    expect(checkIdentity(draft, { ...rules, lock: false }).errors).toEqual({});
  });

  test('saving under a locked policy writes no endpoint and keeps the own privacy value', async () => {
    await saveLocalPrivacy(db, { excerptLength: 40, keepAuthorNames: true });
    const policy = await setPolicy(FULL);
    const settings = await readEffectiveSettings(db, policy);
    const { ensureOrigin, deps } = saveDeps(policy);
    const report = await saveSettings(
      {
        identity: identityDraft({ name: 'Ada', email: 'ada@example.com', team: 'Ops' }),
        privacy: { excerptLength: '120', keepAuthorNames: false },
        endpoint: {
          url: FULL.endpointUrl,
          format: 'sourced.v1',
          token: { value: '', clear: false },
          signingSecret: { value: '', clear: false },
          headers: [],
        },
      },
      settings.endpointSummary,
      deps,
    );
    expect(report.refused).toEqual(['identity']);
    expect(report.errors).toHaveProperty('employee-team');
    expect(ensureOrigin).not.toHaveBeenCalled();
    expect(await db.settings.get('endpoint')).toBeUndefined();
    expect((await db.settings.get('privacy'))?.value).toEqual({
      excerptLength: 40,
      keepAuthorNames: true,
    });
  });
});

describe('the background checks the policy again (a page’s word is not trusted)', () => {
  test('an identity against the rules, a locked endpoint and locked privacy are not written', async () => {
    await setPolicy(FULL);
    await saveLocalPrivacy(db, { excerptLength: 40 });
    const { send } = backgroundChannel(db);
    const reply = await send('saveSettings', {
      identity: { name: 'Mallory', email: 'mallory@evil.test', team: 'Sales EMEA' },
      endpoint: { url: 'https://evil.test/hook', format: 'sourced.v1', headers: [] },
      privacy: { excerptLength: 500, keepAuthorNames: true },
    });
    expect(reply).toEqual({
      ok: true,
      value: {
        saved: ['privacy'],
        identityErrors: {
          'employee-email':
            'Use your work email ending in @example.com: your organisation accepts no other address.',
        },
        endpointIssues: [
          {
            path: 'url',
            message: 'Set by your organisation: the endpoint cannot be changed here.',
          },
        ],
      },
    });
    expect(await db.settings.get('identity')).toBeUndefined();
    expect(await db.settings.get('endpoint')).toBeUndefined();
    // Both privacy fields are locked: the employee's own value stays as it was.
    expect((await db.settings.get('privacy'))?.value).toEqual({ excerptLength: 40 });
    expect((await readEffectiveSettings(db)).privacy).toEqual({
      excerptLength: 120,
      keepAuthorNames: false,
    });
  });
});

describe('saving under an unlocked policy (defaults)', () => {
  const draftOf = (url: string, excerptLength: string) => ({
    identity: identityDraft({ name: 'Ada' }),
    privacy: { excerptLength, keepAuthorNames: false },
    endpoint: {
      url,
      format: 'sourced.v1' as const,
      token: { value: '', clear: false },
      signingSecret: { value: '', clear: false },
      headers: [],
    },
  });

  test('left as the organisation set them, nothing becomes the employee’s own', async () => {
    const policy = await setPolicy({
      endpointUrl: FULL.endpointUrl,
      endpointToken: TOKEN,
      privacyExcerptLength: 120,
      privacyAuthorNames: false,
      lockSettings: false,
    });
    const settings = await readEffectiveSettings(db, policy);
    const { ensureOrigin, deps } = saveDeps(policy);
    const report = await saveSettings(
      draftOf(FULL.endpointUrl, '120'),
      settings.endpointSummary,
      deps,
    );
    expect(report.refused).toEqual([]);
    expect(ensureOrigin).not.toHaveBeenCalled();
    expect(await db.settings.get('endpoint')).toBeUndefined();
    // Equal to the organisation's defaults: left to follow them.
    expect((await db.settings.get('privacy'))?.value).toEqual({});
    // A later default reaches this browser.
    const later = parseManagedPolicy({ privacyExcerptLength: 60, lockSettings: false });
    expect((await readEffectiveSettings(db, later)).privacy.excerptLength).toBe(60);
  });

  test('changed by the employee, their endpoint replaces the organisation’s, without its secrets', async () => {
    const policy = await setPolicy({
      endpointUrl: FULL.endpointUrl,
      endpointToken: TOKEN,
      lockSettings: false,
    });
    const settings = await readEffectiveSettings(db, policy);
    const { ensureOrigin, deps } = saveDeps(policy);
    const report = await saveSettings(
      draftOf('https://mine.example.com/hook', '30'),
      settings.endpointSummary,
      deps,
    );
    expect(report.saved).toEqual(['identity', 'endpoint', 'privacy']);
    expect(ensureOrigin).toHaveBeenCalledWith('https://mine.example.com/*');
    const after = await readEffectiveSettings(db, policy);
    expect(after.endpoint).toMatchObject({
      source: 'local',
      config: { url: 'https://mine.example.com/hook', headers: [] },
    });
    expect(after.endpoint?.config.token).toBeUndefined();
    expect(after.privacy.excerptLength).toBe(30);
  });
});

describe('delivery and export follow the policy', () => {
  let server: Server;
  let received: { url: string; headers: IncomingHttpHeaders }[];
  let url: string;
  beforeEach(async () => {
    received = [];
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('the outbox delivers with the policy’s credentials, and to the new endpoint after a change', async () => {
    await saveEndpoint(db, {
      url: `${url}/mine`,
      format: 'sourced.v1',
      token: 'tok_mine_0123456789',
      headers: [],
    });
    await fakeBrowser.storage.managed.set({
      endpointUrl: `${url}/org`,
      endpointToken: TOKEN,
      endpointSigningSecret: SECRET,
      endpointHeaders: { 'X-Org-Unit': 'sales-emea' },
    });
    await db.captures.add(capture({}, true));
    expect(await runOutbox({ db, clientVersion: '1.0.0' })).toMatchObject({ delivered: 1 });
    expect(received[0]).toMatchObject({
      url: '/org',
      headers: { authorization: `Bearer ${TOKEN}`, 'x-org-unit': 'sales-emea' },
    });
    expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/);

    await fakeBrowser.storage.managed.clear();
    await db.captures.add(capture({}, true));
    expect(await runOutbox({ db, clientVersion: '1.0.0' })).toMatchObject({ delivered: 1 });
    expect(received[1]).toMatchObject({
      url: '/mine',
      headers: { authorization: 'Bearer tok_mine_0123456789' },
    });
    expect(received[1]!.headers['x-org-unit']).toBeUndefined();
  });

  test('a policy endpoint without permission keeps captures queued and says which button', async () => {
    await fakeBrowser.storage.managed.set({ endpointUrl: `${url}/org` });
    const queued = capture({}, true);
    await db.captures.add(queued);
    const result = await runOutbox({ db, clientVersion: '1', hasPermission: async () => false });
    expect(result.outcome).toBe('paused');
    expect(received).toEqual([]);
    expect((await db.captures.get(queued.id))?.status).toBe('queued');
    const state = await db.meta.get('deliveryState');
    expect(JSON.stringify(state)).toContain('Allow delivery to 127.0.0.1');
  });

  test('an export never holds a secret given by policy', async () => {
    await fakeBrowser.storage.managed.set({ endpointUrl: `${url}/org`, endpointToken: TOKEN });
    await db.syncLog.add({
      at: new Date().toISOString(),
      eventId: 'e-1',
      url: `${url}/org`,
      status: 401,
      result: 'paused',
      durationMs: 3,
      error: `the endpoint echoed ${TOKEN}`,
    });
    let text = '';
    await runExport(db, 'json', { write: (chunk) => void (text += chunk) }, { clientVersion: '1' });
    expect(text).toContain('the endpoint echoed');
    expect(text).not.toContain(TOKEN);
  });
});

test('privacy defaults stay when neither the policy nor the employee set a value', async () => {
  await fakeBrowser.storage.managed.set({ teams: ['Ops'] });
  expect((await readEffectiveSettings(db)).privacy).toEqual(DEFAULT_PRIVACY);
});

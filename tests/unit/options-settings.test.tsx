// @vitest-environment happy-dom
import Dexie from 'dexie';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { OptionsApp } from '../../components/OptionsApp';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { loadEndpoint, saveEndpoint } from '../../lib/endpoint-settings';
import { isDebugLogOn, watchDebugLog } from '../../lib/debug-setting';
import { readLocalIdentity, saveIdentity, saveLocalPrivacy } from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { capture } from './capture-fixtures';
import { byTestId, choose, click, fakeServices, type, waitFor } from './options-helpers';

const TOKEN = 'tok_live_5f4e3d2c1b0a';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

let db: SourcedDatabase;
let root: HTMLElement;
let services: ReturnType<typeof fakeServices>;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`options-${Math.random()}`);
  services = fakeServices(db);
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

async function save() {
  // Let Preact render what was typed first, as it does between a user's keystroke and click.
  await new Promise((resolve) => setTimeout(resolve, 0));
  click(root, 'settings-save');
  // The previous answer goes as soon as saving starts; wait for the new one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return waitFor(
    () => root.querySelector('[data-testid="settings-error"]') ?? byTestId(root, 'settings-status'),
  );
}

const value = (id: string) => byTestId<HTMLInputElement>(root, id).value;

describe('identity and privacy', () => {
  test('shows what is saved and saves what is typed', async () => {
    await saveIdentity(db, { name: 'Ada Example', team: 'Sales' });
    await open();
    expect(value('employee-name')).toBe('Ada Example');
    expect(value('employee-team')).toBe('Sales');
    expect(value('privacy-excerpt-length')).toBe('280');

    type(root, 'employee-email', 'ada@example.com');
    type(root, 'employee-id', 'E-1024');
    type(root, 'privacy-excerpt-length', '120');
    byTestId<HTMLInputElement>(root, 'privacy-author-names').click();
    expect((await save()).textContent).toBe('Saved.');
    expect(await effectiveIdentity(db)).toEqual({
      name: 'Ada Example',
      email: 'ada@example.com',
      employeeId: 'E-1024',
      team: 'Sales',
    });
    expect(await effectivePrivacy(db)).toEqual({ excerptLength: 120, keepAuthorNames: false });
    // No endpoint typed and none saved: nothing asked, nothing refused.
    expect(services.ensureOrigin).not.toHaveBeenCalled();
  });

  test('an invalid email is refused next to its field; the valid privacy change is kept', async () => {
    await saveIdentity(db, { name: 'Ada Example', email: 'ada@example.com' });
    await open();
    type(root, 'employee-email', 'ada at example');
    type(root, 'privacy-excerpt-length', '0');
    const error = await save();
    expect(error.getAttribute('data-testid')).toBe('settings-error');
    expect(error.textContent).toContain('Not saved: identity');
    expect(error.textContent).toContain('The privacy settings were saved.');
    expect(byTestId(root, 'employee-email-error').textContent).toMatch(/not a valid email/i);
    expect(byTestId(root, 'employee-email').getAttribute('aria-invalid')).toBe('true');
    expect(await readLocalIdentity(db)).toEqual({
      name: 'Ada Example',
      email: 'ada@example.com',
    });
    expect((await effectivePrivacy(db)).excerptLength).toBe(0);
    // What was typed stays, to be fixed rather than typed again.
    expect(value('employee-email')).toBe('ada at example');
  });

  test.each(['501', '-1', '2.5', 'many', ''])(
    'an excerpt length of %j is refused',
    async (typed) => {
      await saveLocalPrivacy(db, { excerptLength: 50, keepAuthorNames: true });
      await open();
      type(root, 'privacy-excerpt-length', typed);
      await save();
      expect(byTestId(root, 'privacy-excerpt-length-error').textContent).toContain('0 to 500');
      expect((await effectivePrivacy(db)).excerptLength).toBe(50);
    },
  );
});

describe('endpoint', () => {
  test('a refused URL is explained next to it; identity saved, the typed token kept', async () => {
    await open();
    type(root, 'employee-name', 'Ada Example');
    type(root, 'endpoint-url', 'http://recognition.example.com/hook');
    type(root, 'endpoint-token', TOKEN);
    const error = await save();
    expect(error.textContent).toContain('Not saved: endpoint');
    expect(error.textContent).toContain('Endpoint URL: Use an https:// URL');
    expect(byTestId(root, 'endpoint-url-error').textContent).toMatch(/https:\/\//);
    expect(await loadEndpoint(db)).toBeUndefined();
    expect(services.ensureOrigin).not.toHaveBeenCalled();
    expect(await effectiveIdentity(db)).toEqual({ name: 'Ada Example' });
    expect(value('endpoint-token')).toBe(TOKEN);
  });

  test('saving asks for the origin, stores the secrets, then masks them', async () => {
    await open();
    type(root, 'endpoint-url', 'http://127.0.0.1:8787/sourced');
    type(root, 'endpoint-token', `Bearer ${TOKEN}`);
    type(root, 'endpoint-secret', SECRET);
    click(root, 'endpoint-header-add');
    await waitFor(() => byTestId(root, 'endpoint-header-name'));
    type(root, 'endpoint-header-name', 'X-Proxy-Key');
    type(root, 'endpoint-header-value', 'proxy-key-123456');
    expect((await save()).textContent).toBe('Saved.');

    expect(services.ensureOrigin).toHaveBeenCalledWith('http://127.0.0.1/*');
    expect(services.background.deps.endpointChanged).toHaveBeenCalledOnce();
    expect(await loadEndpoint(db)).toEqual({
      url: 'http://127.0.0.1:8787/sourced',
      format: 'sourced.v1',
      token: TOKEN,
      signingSecret: SECRET,
      headers: [{ name: 'X-Proxy-Key', value: 'proxy-key-123456' }],
    });
    await waitFor(() => expect(value('endpoint-token')).toBe(''));
    expect(byTestId(root, 'endpoint-token').getAttribute('placeholder')).toMatch(
      /Saved \(hidden\)/,
    );
    expect(value('endpoint-secret')).toBe('');
    expect(value('endpoint-header-name')).toBe('X-Proxy-Key');
    expect(value('endpoint-header-value')).toBe('');
    // No secret is anywhere in the page once saved.
    const html = document.documentElement.outerHTML;
    for (const secret of [TOKEN, SECRET, 'proxy-key-123456']) expect(html).not.toContain(secret);
  });

  test('blank secrets keep the saved ones; Remove clears one; typing replaces one', async () => {
    await saveEndpoint(db, {
      url: 'https://recognition.example.com/sourced',
      format: 'sourced.v1',
      token: TOKEN,
      signingSecret: SECRET,
      headers: [{ name: 'X-Proxy-Key', value: 'proxy-key-123456' }],
    });
    await open();
    expect(value('endpoint-url')).toBe('https://recognition.example.com/sourced');
    choose(root, 'endpoint-format', 'sourced.v1');
    click(root, 'endpoint-secret-clear');
    await waitFor(() =>
      expect(byTestId(root, 'endpoint-secret').getAttribute('placeholder')).toMatch(/removed/),
    );
    expect((await save()).textContent).toBe('Saved.');
    expect(await loadEndpoint(db)).toMatchObject({
      token: TOKEN,
      signingSecret: undefined,
      headers: [{ name: 'X-Proxy-Key', value: 'proxy-key-123456' }],
    });

    type(root, 'endpoint-token', 'tok_new_0123456789');
    await save();
    expect((await loadEndpoint(db))?.token).toBe('tok_new_0123456789');
  });

  test('a forbidden header is refused on its row; a renamed header does not inherit a value', async () => {
    await saveEndpoint(db, {
      url: 'https://recognition.example.com/sourced',
      format: 'sourced.v1',
      headers: [{ name: 'X-Proxy-Key', value: 'proxy-key-123456' }],
    });
    await open();
    click(root, 'endpoint-header-add');
    await waitFor(() =>
      expect(root.querySelectorAll('[data-testid="endpoint-header-name"]')).toHaveLength(2),
    );
    const names = root.querySelectorAll<HTMLInputElement>('[data-testid="endpoint-header-name"]');
    names[1]!.value = 'Cookie';
    names[1]!.dispatchEvent(new Event('input', { bubbles: true }));
    const error = await save();
    expect(byTestId(root, 'endpoint-headers.1-error').textContent).toContain(
      'Browsers do not allow extensions to set Cookie',
    );
    expect(error.textContent).toContain('Custom header 2');

    click(root, 'endpoint-header-remove'); // the first row, X-Proxy-Key
    await waitFor(() =>
      expect(root.querySelectorAll('[data-testid="endpoint-header-name"]')).toHaveLength(1),
    );
    type(root, 'endpoint-header-name', 'X-Other');
    type(root, 'endpoint-header-name', 'X-Api-Key');
    await save();
    expect((await loadEndpoint(db))?.headers).toEqual([{ name: 'X-Api-Key', value: '' }]);
  });

  test('asks for the origin within the click itself, before any await', async () => {
    // Firefox grants a permission request only while the click handler is still running.
    await open();
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    await new Promise((resolve) => setTimeout(resolve, 0));
    click(root, 'settings-save');
    expect(services.ensureOrigin).toHaveBeenCalledWith('https://recognition.example.com/*');
    await waitFor(() => byTestId(root, 'settings-status'));
  });

  test('a refused permission leaves the endpoint unsaved and says so', async () => {
    services.ensureOrigin.mockResolvedValue(false);
    await open();
    type(root, 'employee-name', 'Ada Example');
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    const error = await save();
    expect(byTestId(root, 'endpoint-url-error').textContent).toContain('Permission refused');
    expect(byTestId(root, 'endpoint-url-error').textContent).toContain('The URL is kept');
    expect(error.textContent).toContain('recognition.example.com');
    // Privacy was not touched: the answer does not claim it was saved.
    expect(error.textContent).not.toContain('privacy');
    expect(value('endpoint-url')).toBe('https://recognition.example.com/sourced');
    expect(byTestId(root, 'endpoint-ask-again').textContent).toContain('Ask again');
    expect(services.ensureOrigin).toHaveBeenCalledWith('https://recognition.example.com/*');
    expect(await loadEndpoint(db)).toBeUndefined();
    expect(services.background.deps.endpointChanged).not.toHaveBeenCalled();
    expect(await effectiveIdentity(db)).toEqual({ name: 'Ada Example' });
  });

  test("the browser's question is announced before it is asked, with the origin", async () => {
    await open();
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    await waitFor(() =>
      expect(byTestId(root, 'endpoint-url').closest('label')!.textContent).toContain(
        'When you save, your browser will ask to allow Sourced to send to https://recognition.example.com',
      ),
    );
    let answer: (granted: boolean) => void = () => {};
    services.ensureOrigin.mockImplementationOnce(
      () => new Promise((resolve) => (answer = resolve)),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    click(root, 'settings-save');
    // While the prompt is open, the page says what it is about.
    await waitFor(() =>
      expect(byTestId(root, 'settings-status').textContent).toContain(
        'Your browser will ask to allow Sourced to send to https://recognition.example.com',
      ),
    );
    answer(true);
    await waitFor(() => expect(byTestId(root, 'settings-status').textContent).toBe('Saved.'));
    expect((await loadEndpoint(db))?.url).toBe('https://recognition.example.com/sourced');
  });

  test('an unanswered prompt: identity saved at once, the URL kept, one button asks again', async () => {
    services.ensureOrigin.mockImplementation(() => new Promise(() => {}));
    render(<OptionsApp services={{ ...services, permissionTimeoutMs: 100 }} />, root);
    await waitFor(() => byTestId(root, 'employee-name'));
    type(root, 'employee-name', 'Ada Example');
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    await new Promise((resolve) => setTimeout(resolve, 0));
    click(root, 'settings-save');
    // Identity does not wait for the browser's answer.
    await vi.waitFor(async () =>
      expect(await effectiveIdentity(db)).toEqual({ name: 'Ada Example' }),
    );
    expect(byTestId<HTMLButtonElement>(root, 'settings-save').textContent).toBe('Saving…');
    // Then the wait ends: never "Saving…" forever.
    const error = await waitFor(() => byTestId(root, 'settings-error'));
    expect(error.textContent).toContain(
      'Not saved: endpoint — your browser has not allowed Sourced to send to https://recognition.example.com. The identity settings were saved.',
    );
    expect(error.textContent).not.toContain('privacy');
    expect(byTestId(root, 'endpoint-url-error').textContent).toContain(
      'No answer from your browser',
    );
    expect(byTestId<HTMLButtonElement>(root, 'settings-save').textContent).toBe('Save settings');
    expect(value('endpoint-url')).toBe('https://recognition.example.com/sourced');
    expect(await loadEndpoint(db)).toBeUndefined();
    expect(root.querySelectorAll('[data-testid="endpoint-ask-again"]')).toHaveLength(1);

    services.ensureOrigin.mockReset();
    services.ensureOrigin.mockResolvedValue(true);
    click(root, 'endpoint-ask-again');
    expect(services.ensureOrigin).toHaveBeenCalledWith('https://recognition.example.com/*');
    await waitFor(() => expect(byTestId(root, 'settings-status').textContent).toBe('Saved.'));
    expect((await loadEndpoint(db))?.url).toBe('https://recognition.example.com/sourced');
    expect(root.querySelector('[data-testid="endpoint-ask-again"]')).toBeNull();
    expect(services.background.deps.endpointChanged).toHaveBeenCalledTimes(1);
  });

  test('after a refused save, focus goes to the first invalid field', async () => {
    await open();
    type(root, 'employee-email', 'ada at example');
    type(root, 'privacy-excerpt-length', 'many');
    await save();
    await waitFor(() => expect(document.activeElement).toBe(byTestId(root, 'employee-email')));
    const details = [...byTestId(root, 'settings-error').querySelectorAll('li')].map(
      (li) => li.textContent,
    );
    expect(details[0]).toMatch(/^Work email/);
    expect(details[1]).toMatch(/^Characters kept/);
  });

  test('the test delivery shows the status, time and start of the answer in words', async () => {
    await open();
    expect(byTestId<HTMLButtonElement>(root, 'endpoint-test').disabled).toBe(true);
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    await save();
    services.background.deps.testDelivery.mockResolvedValueOnce({
      status: 401,
      ok: false,
      summary: 'credentials refused (401)',
      durationMs: 42.4,
      at: '2026-05-20T12:00:00.000Z',
      excerpt: '{"error":"<b>bad token</b>"}',
    });
    await waitFor(() =>
      expect(byTestId<HTMLButtonElement>(root, 'endpoint-test').disabled).toBe(false),
    );
    click(root, 'endpoint-test');
    const result = await waitFor(() => byTestId(root, 'endpoint-test-result'));
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain('Test failed: credentials refused (401)');
    expect(result.textContent).toContain(new Date('2026-05-20T12:00:00.000Z').toLocaleTimeString());
    expect(result.textContent).toContain('42 ms');
    // The endpoint's answer in words, not raw JSON (the body is one click away), and text,
    // never markup.
    expect(result.querySelector('q')?.textContent).toBe('<b>bad token</b>');
    expect(result.querySelector('details code')?.textContent).toBe('{"error":"<b>bad token</b>"}');
    expect(result.querySelector('b')).toBeNull();
  });

  test('a test delivery with no saved endpoint says so, through the real background handler', async () => {
    await open();
    type(root, 'endpoint-url', 'https://recognition.example.com/sourced');
    await save();
    await waitFor(() =>
      expect(byTestId<HTMLButtonElement>(root, 'endpoint-test').disabled).toBe(false),
    );
    // The endpoint is gone meanwhile (deleted from another tab): the page still offers the test.
    await db.settings.clear();
    click(root, 'endpoint-test');
    const result = await waitFor(() => byTestId(root, 'endpoint-test-result'));
    expect(result.getAttribute('data-ok')).toBe('false');
    // The handler's own words, not "Something went wrong inside Sourced".
    expect(result.textContent).toBe('Save an endpoint first, then send a test.');
    expect(services.background.sent).toContain('testEndpoint');
    expect(await db.syncLog.count()).toBe(0);
  });

  test('a delivery paused by the endpoint is shown with the endpoint settings', async () => {
    await db.meta.put({
      key: 'deliveryState',
      value: {
        problem: {
          kind: 'credentials',
          message: 'The endpoint refused Sourced’s credentials (401).',
          since: '2026-05-20T12:00:00.000Z',
        },
      },
    });
    await open();
    await waitFor(() => expect(byTestId(root, 'endpoint-problem').textContent).toContain('(401)'));
  });
});

describe('privacy statement and deleting everything', () => {
  test('says where captures go', async () => {
    await open();
    expect(byTestId(root, 'privacy-statement').textContent).toContain(
      'nothing leaves this browser',
    );
    type(root, 'endpoint-url', 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX');
    choose(root, 'endpoint-format', 'slack');
    await save();
    await waitFor(() =>
      expect(byTestId(root, 'privacy-statement').textContent).toContain(
        'They go to hooks.slack.com (a Slack channel)',
      ),
    );
  });

  test('asks first, then deletes captures, log, identity and endpoint', async () => {
    await db.captures.bulkAdd([capture(), capture()]);
    await saveIdentity(db, { name: 'Ada Example' });
    await saveEndpoint(db, {
      url: 'https://recognition.example.com/',
      format: 'sourced.v1',
      headers: [],
    });
    await open();
    click(root, 'delete-all-data');
    await waitFor(() => expect(root.textContent).toContain('Delete 2 captures'));
    click(root, 'delete-all-cancel');
    await waitFor(() => byTestId(root, 'delete-all-data'));
    expect(await db.captures.count()).toBe(2);

    click(root, 'delete-all-data');
    await waitFor(() => byTestId(root, 'delete-all-confirm'));
    click(root, 'delete-all-confirm');
    await waitFor(() => byTestId(root, 'delete-all-result'));
    expect(await db.captures.count()).toBe(0);
    expect(await loadEndpoint(db)).toBeUndefined();
    expect(await effectiveIdentity(db)).toEqual({});
    expect(services.background.deps.capturesWritten).toHaveBeenCalled();
    await waitFor(() => expect(value('employee-name')).toBe(''));
    expect(value('endpoint-url')).toBe('');
  });
});

describe('readableAnswer', () => {
  test('reads a JSON answer for its message, or lists its fields; other text stays', async () => {
    const { readableAnswer } = await import('../../components/options/EndpointTest');
    expect(readableAnswer('{"received":true,"id":"win_42"}')).toBe('received: true · id: win_42');
    expect(readableAnswer('{"error":{"message":"check the signing secret"}}')).toBe(
      'check the signing secret',
    );
    expect(readableAnswer('{"detail":"bad stage"}')).toBe('bad stage');
    expect(readableAnswer('Bad gateway ')).toBe('Bad gateway');
    expect(readableAnswer('{"nested":{"a":1}}')).toBe('a JSON body with no message');
  });
});

describe('advanced', () => {
  test('the debug log is turned on and off from the options page, and every context hears it', async () => {
    const heard: boolean[] = [];
    const stop = watchDebugLog((on) => heard.push(on));
    await open();
    const box = await waitFor(() => {
      const found = root.querySelector<HTMLInputElement>('#advanced-title ~ label input');
      if (!found || found.disabled) throw new Error('not ready');
      return found;
    });
    expect(box.checked).toBe(false);
    box.click();
    await waitFor(() => expect(box.checked).toBe(true));
    expect(await isDebugLogOn()).toBe(true);
    expect(services.background.sent).toContain('setDebugLog');
    box.click();
    await waitFor(() => expect(box.checked).toBe(false));
    expect(await isDebugLogOn()).toBe(false);
    expect(heard).toEqual([true, false]);
    stop();
  });
});

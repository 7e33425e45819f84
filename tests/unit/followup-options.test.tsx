// @vitest-environment happy-dom
/** The follow-up settings of the options page, saved through the real background handlers. */
import Dexie from 'dexie';
import { render } from 'preact';
import { afterEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { FollowupSettings } from '../../components/options/FollowupSettings';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { readFollowupSettings } from '../../lib/followup/settings';
import { byTestId, fakeServices, type, waitFor } from './options-helpers';

let db: SourcedDatabase;
let root: HTMLElement;
afterEach(async () => {
  render(null, root);
  root.remove();
  db.close();
  await Dexie.delete(db.name);
});

async function open() {
  fakeBrowser.reset();
  db = openDatabase(`followup-options-${Math.random()}`);
  const services = fakeServices(db);
  root = document.createElement('div');
  document.body.append(root);
  render(<FollowupSettings services={services} />, root);
  await waitFor(() => byTestId(root, 'followup-days'));
  return services;
}

test('30 days and the badge off by default; saved through the background, which redraws the badge', async () => {
  const services = await open();
  expect(byTestId<HTMLInputElement>(root, 'followup-days').value).toBe('30');
  expect(byTestId<HTMLInputElement>(root, 'followup-badge').checked).toBe(false);
  type(root, 'followup-days', '14');
  byTestId<HTMLInputElement>(root, 'followup-badge').click();
  byTestId<HTMLButtonElement>(root, 'followup-save').click();
  await waitFor(() => expect(byTestId(root, 'followup-status').textContent).toBe('Saved.'));
  expect(await readFollowupSettings(db)).toEqual({ days: 14, badge: true });
  expect(services.background.sent).toContain('saveFollowupSettings');
  expect(services.background.deps.capturesWritten).toHaveBeenCalled();
});

test('a number of days out of range is refused in words and nothing is saved', async () => {
  const services = await open();
  for (const value of ['0', '366', '2.5', '']) {
    type(root, 'followup-days', value);
    byTestId<HTMLButtonElement>(root, 'followup-save').click();
    await waitFor(() =>
      expect(byTestId(root, 'followup-status').textContent).toContain('whole number of days'),
    );
    expect(byTestId(root, 'followup-days').getAttribute('aria-invalid')).toBe('true');
  }
  expect(services.background.sent).not.toContain('saveFollowupSettings');
  // The background refuses it too, whoever sends it.
  const reply = await services.send('saveFollowupSettings', { days: 0, badge: false });
  expect(reply.ok).toBe(false);
  expect(await readFollowupSettings(db)).toEqual({ days: 30, badge: false });
  vi.restoreAllMocks();
});

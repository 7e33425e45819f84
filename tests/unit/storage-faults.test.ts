/**
 * Storage faults: a full disk and a browser that refuses IndexedDB give a clear error, leave the
 * existing data intact, and do not make the background retry in a loop.
 */
import Dexie from 'dexie';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDeliveryScheduler } from '../../lib/background/delivery-scheduler';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { runOutbox } from '../../lib/delivery/outbox';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { extractedPost, OUTCOME } from './capture-fixtures';
import { formFlow } from './form-flow';
let db: SourcedDatabase;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`faults-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** The in-page form's save, through the background as the browser drives it. */
const flow = (database: SourcedDatabase) =>
  formFlow({
    db: database,
    identity: () => effectiveIdentity(database),
    privacy: () => effectivePrivacy(database),
    clientVersion: '0.1.0',
  });

test('storage quota full: a clear error, and the captures already stored are intact', async () => {
  const first = await flow(db).save(extractedPost(), OUTCOME, false);
  expect(first.ok).toBe(true);
  const before = await db.captures.toArray();

  // The next write hits a full disk, as IndexedDB reports it.
  db.captures.hook('creating', () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  });
  const reply = await flow(db).save(
    extractedPost({
      id: 'urn:li:activity:7462783475389644999',
      key: 'urn:li:activity:7462783475389644999',
    }),
    OUTCOME,
    false,
  );
  expect(reply).toEqual({ ok: false, error: expect.stringContaining('no storage space left') });
  expect(await db.captures.toArray()).toEqual(before);
});

test('IndexedDB unavailable: a clear error for the page, and one failed run, not a loop', async () => {
  const unavailable = openDatabase('unavailable');
  // A database whose open always fails, as in a browser that refuses storage to the extension.
  vi.spyOn(unavailable, 'open').mockRejectedValue(
    Object.assign(new Error('refused'), { name: 'OpenFailedError' }),
  );
  vi.spyOn(unavailable, 'transaction').mockRejectedValue(
    Object.assign(new Error('refused'), { name: 'OpenFailedError' }) as never,
  );
  // The identity and privacy live in the same database (settings table) since version 5.
  vi.spyOn(unavailable.settings, 'get').mockRejectedValue(
    Object.assign(new Error('refused'), { name: 'OpenFailedError' }) as never,
  );
  const reply = await flow(unavailable).save(extractedPost(), OUTCOME, false);
  expect(reply).toEqual({
    ok: false,
    error: expect.stringContaining('refused Sourced its database'),
  });

  const errors: unknown[] = [];
  const run = vi.fn(() => runOutbox({ db: unavailable, clientVersion: '0' }));
  const scheduler = createDeliveryScheduler({
    run,
    wakeAt: vi.fn(),
    onError: (e) => errors.push(e),
  });
  await scheduler.trigger(false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(run).toHaveBeenCalledTimes(1);
  expect(errors).toHaveLength(1);
});

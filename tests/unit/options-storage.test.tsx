import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deleteAllLocalData } from '../../lib/data-reset';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { endpointSummary, saveEndpoint } from '../../lib/endpoint-settings';
import {
  DEFAULT_PRIVACY,
  identityItem,
  privacyItem,
  readIdentity,
  readPrivacy,
} from '../../lib/settings';
import { capture } from './capture-fixtures';
import { seed, variedSyncLog, variedCaptures } from './export-fixtures';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings items', () => {
  test('v1 identity is upgraded field by field: an invalid email goes, the rest stays', async () => {
    await fakeBrowser.storage.local.set({
      identity: { name: ' Ada Example ', email: 'not-an-email', team: 'Sales', extra: 1 },
    });
    await identityItem.migrate();
    const stored = await fakeBrowser.storage.local.get(['identity', 'identity$']);
    expect(stored.identity).toEqual({ name: 'Ada Example', team: 'Sales' });
    expect(stored['identity$']).toEqual({ v: 2 });
    expect(await readIdentity()).toEqual({ name: 'Ada Example', team: 'Sales' });
  });

  test('v1 privacy gets defaults for missing or out-of-range fields only', async () => {
    await fakeBrowser.storage.local.set({
      privacy: { excerptLength: 9000, keepAuthorNames: false },
    });
    await privacyItem.migrate();
    expect((await fakeBrowser.storage.local.get('privacy')).privacy).toEqual({
      excerptLength: DEFAULT_PRIVACY.excerptLength,
      keepAuthorNames: false,
    });
    await fakeBrowser.storage.local.set({ privacy: { excerptLength: 0 }, privacy$: { v: 1 } });
    await privacyItem.migrate();
    expect(await readPrivacy()).toEqual({ excerptLength: 0, keepAuthorNames: true });
  });

  test('a value already at v2 is left alone, and reading still re-checks it', async () => {
    await fakeBrowser.storage.local.set({
      identity: { name: 'Ada', email: 'bad' },
      identity$: { v: 2 },
    });
    await identityItem.migrate();
    expect((await fakeBrowser.storage.local.get('identity')).identity).toEqual({
      name: 'Ada',
      email: 'bad',
    });
    expect(await readIdentity()).toEqual({ name: 'Ada' });
  });

  test('nothing stored reads as the defaults', async () => {
    expect(await readIdentity()).toEqual({});
    expect(await readPrivacy()).toEqual(DEFAULT_PRIVACY);
  });
});

describe('delete all local data', () => {
  let db: SourcedDatabase;
  beforeEach(() => {
    db = openDatabase(`reset-${Math.random()}`);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  test('empties every table and storage.local, keeping only a running delivery lease', async () => {
    const captures = [...variedCaptures(), capture()];
    await seed(db, captures, variedSyncLog(captures));
    await saveEndpoint(db, {
      url: 'https://recognition.example.com/',
      format: 'sourced.v1',
      token: 'tok_123456',
      headers: [],
    });
    await db.meta.bulkPut([
      { key: 'deliveryState', value: { lastError: 'x' } },
      { key: 'sourced-outbox', value: { owner: 'run-1', expiresAt: Date.now() + 60_000 } },
    ]);
    await identityItem.setValue({ name: 'Ada Example', email: 'ada@example.com' });
    await privacyItem.setValue({ excerptLength: 10, keepAuthorNames: false });
    await fakeBrowser.storage.local.set({ somethingElse: true });

    await deleteAllLocalData(db);

    expect(await db.captures.count()).toBe(0);
    expect(await db.syncLog.count()).toBe(0);
    expect(await endpointSummary(db)).toBeUndefined();
    expect(await db.settings.count()).toBe(0);
    expect((await db.meta.toArray()).map((r) => r.key)).toEqual(['sourced-outbox']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readIdentity()).toEqual({});
    expect(await readPrivacy()).toEqual(DEFAULT_PRIVACY);
  });
});

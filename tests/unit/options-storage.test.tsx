import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deleteAllLocalData } from '../../lib/data-reset';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { endpointSummary, saveEndpoint } from '../../lib/endpoint-settings';
import {
  DEFAULT_PRIVACY,
  readLocalIdentity,
  saveIdentity,
  saveLocalPrivacy,
} from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { capture } from './capture-fixtures';
import { seed, variedSyncLog, variedCaptures } from './export-fixtures';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('identity and privacy in the settings table', () => {
  let db: SourcedDatabase;
  beforeEach(() => {
    db = openDatabase(`settings-${Math.random()}`);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  test('a stored identity is re-checked field by field: an invalid email goes, the rest stays', async () => {
    await db.settings.put({
      key: 'identity',
      value: { name: ' Ada Example ', email: 'not-an-email', team: 'Sales', extra: 1 },
    });
    expect(await readLocalIdentity(db)).toEqual({ name: 'Ada Example', team: 'Sales' });
    expect(await effectiveIdentity(db)).toEqual({ name: 'Ada Example', team: 'Sales' });
  });

  test('a missing or out-of-range privacy field falls back to its default, the other is kept', async () => {
    await db.settings.put({
      key: 'privacy',
      value: { excerptLength: 9000, keepAuthorNames: false },
    });
    expect(await effectivePrivacy(db)).toEqual({
      excerptLength: DEFAULT_PRIVACY.excerptLength,
      keepAuthorNames: false,
    });
    await db.settings.put({ key: 'privacy', value: { excerptLength: 0 } });
    expect(await effectivePrivacy(db)).toEqual({ excerptLength: 0, keepAuthorNames: true });
  });

  test('nothing stored reads as the defaults, and storage.local is not read any more', async () => {
    await fakeBrowser.storage.local.set({ identity: { name: 'Written by a page' } });
    expect(await effectiveIdentity(db)).toEqual({});
    expect(await effectivePrivacy(db)).toEqual(DEFAULT_PRIVACY);
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
    await saveIdentity(db, { name: 'Ada Example', email: 'ada@example.com' });
    await saveLocalPrivacy(db, { excerptLength: 10, keepAuthorNames: false });
    await fakeBrowser.storage.local.set({ somethingElse: true });

    await deleteAllLocalData(db);

    expect(await db.captures.count()).toBe(0);
    expect(await db.syncLog.count()).toBe(0);
    expect(await endpointSummary(db)).toBeUndefined();
    expect(await db.settings.count()).toBe(0);
    expect((await db.meta.toArray()).map((r) => r.key)).toEqual(['sourced-outbox']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await effectiveIdentity(db)).toEqual({});
    expect(await effectivePrivacy(db)).toEqual(DEFAULT_PRIVACY);
  });
});

/**
 * Migration harness: build the database at an old version with records in that version's shape,
 * reopen it at the latest version, and check what the upgrade made of them.
 */
import { afterEach, expect, test, vi } from 'vitest';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { openDatabase } from '../../lib/db/database';
import { LATEST_VERSION, MIGRATIONS } from '../../lib/db/migrations';
import { CaptureSchema } from '../../lib/capture';
import { DEFAULT_PRIVACY } from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { capture } from './capture-fixtures';

const name = `migrations-${Math.random()}`;
afterEach(async () => {
  vi.unstubAllGlobals();
  await Dexie.delete(name);
});

test('versions are numbered 1, 2, … without gaps and each says why', () => {
  MIGRATIONS.forEach((migration, index) => {
    expect(migration.version).toBe(index + 1);
    expect(migration.why.length).toBeGreaterThan(10);
  });
});

test('migration 2: version-1 captures get intent, updatedAt and attempts, and new indexes work', async () => {
  const v1 = openDatabase(name, 1);
  const {
    intent: _intent,
    updatedAt: _updatedAt,
    attempts: _attempts,
    ...oldShape
  } = capture({}, true);
  const draft = capture();
  await v1.table('captures').bulkAdd([oldShape, draft]);
  expect(v1.verno).toBe(1);
  v1.close();

  const latest = openDatabase(name);
  await latest.open();
  expect(latest.verno).toBe(LATEST_VERSION);
  const migrated = await latest.captures.get(oldShape.id);
  expect(migrated).toMatchObject({ intent: 'submit', updatedAt: oldShape.capturedAt, attempts: 0 });
  expect(CaptureSchema.safeParse(migrated).success).toBe(true);
  // The untouched record keeps its own values.
  expect(await latest.captures.get(draft.id)).toEqual(draft);
  const queued = await latest.captures
    .where('[status+capturedAt]')
    .between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])
    .toArray();
  expect(queued.map((c) => c.id)).toEqual([oldShape.id]);
  await latest.syncLog.add({
    at: new Date().toISOString(),
    eventId: 'e',
    url: 'https://x.test/',
    status: 200,
    result: 'delivered',
    durationMs: 3,
  });
  expect(await latest.syncLog.count()).toBe(1);
  latest.close();
});

test('migration 4: version-3 captures become searchable by their words and filterable by platform', async () => {
  const v3 = openDatabase(name, 3);
  const linkedin = capture({
    post: {
      url: 'https://www.linkedin.com/feed/update/urn:li:activity:1/',
      kind: 'post',
      author: { name: 'Zoë Lorem', handle: 'in/zoe-lorem' },
      excerpt: 'Our runbook, finally',
    },
    outcome: { type: 'deal', stage: 'won', crmRef: 'CRM-9917', note: 'Introduced by the speaker' },
  });
  const x = capture({ platform: 'x' });
  await v3.table('captures').bulkAdd([linkedin, x]);
  // Before: version 3 knows neither the field nor the index.
  expect(await v3.table('captures').get(linkedin.id)).not.toHaveProperty('searchWords');
  v3.close();

  const latest = openDatabase(name);
  await latest.open();
  const ids = (words: string) =>
    latest.captures.where('searchWords').startsWith(words).primaryKeys();
  expect(await ids('zoe')).toEqual([linkedin.id]);
  expect(await ids('runb')).toEqual([linkedin.id]);
  expect(await ids('9917')).toEqual([linkedin.id]);
  expect(await ids('speak')).toEqual([linkedin.id]);
  // After: the derived field stays inside the database; what the code reads is the capture.
  expect(await latest.captures.get(linkedin.id)).toEqual(linkedin);
  const onX = await latest.captures
    .where('[platform+capturedAt]')
    .between(['x', Dexie.minKey], ['x', Dexie.maxKey])
    .primaryKeys();
  expect(onX).toEqual([x.id]);
  const draftsOnLinkedIn = await latest.captures
    .where('[status+platform+capturedAt]')
    .between(['draft', 'linkedin', Dexie.minKey], ['draft', 'linkedin', Dexie.maxKey])
    .primaryKeys();
  expect(draftsOnLinkedIn).toEqual([linkedin.id]);
  latest.close();
});

test('migration 5: identity and privacy move from storage.local into the settings table', async () => {
  fakeBrowser.reset();
  // The migration takes the storage API from the global, as in an extension page.
  vi.stubGlobal('browser', fakeBrowser);
  // Before: WXT storage items as the build of version 4 wrote them (with their `$` metadata),
  // one field of each invalid by today's rules, next to a setting that must stay.
  await fakeBrowser.storage.local.set({
    identity: { name: ' Ada Example ', email: 'not-an-email', team: 'Sales', extra: 1 },
    identity$: { v: 2 },
    privacy: { excerptLength: 9000, keepAuthorNames: false },
    privacy$: { v: 2 },
    'sourced-debug-log': true,
  });
  const v4 = openDatabase(name, 4);
  await v4.captures.add(capture());
  expect(await v4.table('settings').count()).toBe(0);
  v4.close();

  const latest = openDatabase(name);
  await latest.open();
  expect(latest.verno).toBe(LATEST_VERSION);
  // Copied as they were (nothing lost); every read re-checks them field by field.
  expect(await latest.settings.get('identity')).toEqual({
    key: 'identity',
    value: { name: ' Ada Example ', email: 'not-an-email', team: 'Sales', extra: 1 },
  });
  expect(await latest.settings.get('privacy')).toEqual({
    key: 'privacy',
    value: { excerptLength: 9000, keepAuthorNames: false },
  });
  expect(await effectiveIdentity(latest)).toEqual({ name: 'Ada Example', team: 'Sales' });
  expect(await effectivePrivacy(latest)).toEqual({
    excerptLength: DEFAULT_PRIVACY.excerptLength,
    keepAuthorNames: false,
  });
  // After: gone from storage.local (a page's renderer can read and write it), the rest kept.
  await vi.waitFor(async () =>
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ 'sourced-debug-log': true }),
  );
  latest.close();
});

test('migration 5: nothing in storage.local leaves the settings table empty', async () => {
  fakeBrowser.reset();
  vi.stubGlobal('browser', fakeBrowser);
  const v4 = openDatabase(name, 4);
  await v4.open();
  v4.close();
  const latest = openDatabase(name);
  await latest.open();
  expect(await latest.settings.toArray()).toEqual([]);
  expect(await effectivePrivacy(latest)).toEqual(DEFAULT_PRIVACY);
  latest.close();
});

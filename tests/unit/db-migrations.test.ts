/**
 * Migration harness: build the database at an old version with records in that version's shape,
 * reopen it at the latest version, and check what the upgrade made of them.
 */
import { afterEach, expect, test } from 'vitest';
import Dexie from 'dexie';
import { openDatabase } from '../../lib/db/database';
import { LATEST_VERSION, MIGRATIONS } from '../../lib/db/migrations';
import { CaptureSchema } from '../../lib/capture';
import { capture } from './capture-fixtures';

const name = `migrations-${Math.random()}`;
afterEach(async () => {
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

test('migration 5: version-4 captures keep their shape; recognition and follow-up snoozes get their tables', async () => {
  const v4 = openDatabase(name, 4);
  const delivered = capture({
    status: 'delivered',
    deliveredRevision: 1,
    deliveredAt: '2026-05-20T12:00:00.000Z',
    receipt: { id: 'rcpt-1', url: 'https://wins.example.com/r/1' },
  });
  const draft = capture();
  await v4.table('captures').bulkAdd([delivered, draft]);
  // Before: version 4 has neither table.
  expect(v4.tables.map((t) => t.name)).not.toContain('recognition');
  expect(v4.tables.map((t) => t.name)).not.toContain('followupSnoozes');
  v4.close();

  const latest = openDatabase(name);
  await latest.open();
  expect(latest.verno).toBeGreaterThanOrEqual(5);
  // After: the captures are exactly what they were (no status URL appears from nowhere).
  expect(await latest.captures.get(delivered.id)).toEqual(delivered);
  expect(await latest.captures.get(draft.id)).toEqual(draft);
  expect(CaptureSchema.safeParse(await latest.captures.get(delivered.id)).success).toBe(true);
  expect(await latest.recognition.count()).toBe(0);
  await latest.recognition.put({
    captureId: delivered.id,
    askedRevision: 1,
    checkedAt: '2026-05-20T12:00:00.000Z',
    document: { captureId: delivered.id, revision: 1, state: 'pending' },
  });
  expect((await latest.recognition.get(delivered.id))?.document?.state).toBe('pending');
  await latest.followupSnoozes.bulkPut([
    { captureId: delivered.id, until: '2026-06-03T12:00:00.000Z' },
    { captureId: draft.id, until: '2026-05-01T00:00:00.000Z' },
  ]);
  const stillSnoozed = await latest.followupSnoozes
    .where('until')
    .above('2026-05-20T12:00:00.000Z')
    .primaryKeys();
  expect(stillSnoozed).toEqual([delivered.id]);
  // Delivered captures by their last change: what "Any news?" reads.
  const stale = await latest.captures
    .where('[status+updatedAt]')
    .between(['delivered', Dexie.minKey], ['delivered', '2026-06-01'], true, true)
    .primaryKeys();
  expect(stale).toEqual([delivered.id]);
  // A receipt of v1.1 is a valid capture field now.
  const withStatus = {
    ...delivered,
    receipt: { ...delivered.receipt, status: 'https://wins.example.com/v1/captures/x' },
  };
  expect(CaptureSchema.safeParse(withStatus).success).toBe(true);
  latest.close();
});

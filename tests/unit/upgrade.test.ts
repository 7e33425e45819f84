/**
 * An upgrade from the first released database: version 1, built with version 1's own schema,
 * full of captures in every state and with awkward content, opened by this build. Nothing may be
 * lost, every record must satisfy today's schema, and today's queries must find them.
 */
import Dexie from 'dexie';
import { afterEach, expect, test } from 'vitest';
import { CAPTURE_STATUSES, CaptureSchema, type Capture } from '../../lib/capture';
import { openDatabase } from '../../lib/db/database';
import { LATEST_VERSION } from '../../lib/db/migrations';
import { capture } from './capture-fixtures';

const name = `upgrade-${Math.random()}`;
afterEach(async () => {
  await Dexie.delete(name);
});

/** A capture as version 1 stored it: without intent, updatedAt and attempts. */
function v1Shape(c: Capture): Record<string, unknown> {
  const { intent: _intent, updatedAt: _updatedAt, attempts: _attempts, ...rest } = c;
  return rest;
}

test('a version-1 database with captures in every state upgrades without loss', async () => {
  const old = CAPTURE_STATUSES.flatMap((status, i) =>
    Array.from({ length: 5 }, (_, j) =>
      capture({
        status,
        deliveredRevision: status === 'delivered' || status === 'withdrawn' ? 1 : undefined,
        deliveredAt: status === 'delivered' ? '2026-05-20T12:00:00.000Z' : undefined,
        lastError: status === 'failed' ? 'rejected (422): value is required' : undefined,
        outcome: {
          type: 'deal',
          stage: 'won',
          note: `Note ${i}.${j} — 日本語 🎉 <script>x</script>`,
        },
      }),
    ),
  );
  const v1 = openDatabase(name, 1);
  await v1.table('captures').bulkAdd(old.map(v1Shape));
  expect(v1.verno).toBe(1);
  v1.close();

  const db = openDatabase(name);
  await db.open();
  expect(db.verno).toBe(LATEST_VERSION);
  const upgraded = await db.captures.toArray();
  expect(upgraded).toHaveLength(old.length);
  for (const before of old) {
    const after = upgraded.find((c) => c.id === before.id)!;
    expect(CaptureSchema.safeParse(after).success).toBe(true);
    // Every field version 1 had is unchanged; the new ones are filled in.
    expect(after).toMatchObject(JSON.parse(JSON.stringify(v1Shape(before))));
    expect(after).toMatchObject({ intent: 'submit', attempts: 0, updatedAt: before.capturedAt });
  }
  for (const status of CAPTURE_STATUSES) {
    expect(await db.captures.where('status').equals(status).count()).toBe(5);
  }
  // The popup's indexed search finds upgraded records.
  const found = await db.captures.where('searchWords').startsWith('日本語').count();
  expect(found).toBe(old.length);
  db.close();
});

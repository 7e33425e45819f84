// @vitest-environment happy-dom
/** The popup's first page read without Dexie: the same rows as the list's live query. */
import Dexie from 'dexie';
import { afterEach, expect, test } from 'vitest';
import { captureWindow } from '../../lib/db/capture-query';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { LIST_PAGE, readNewestCaptures } from '../../lib/db/newest-captures';
import { startFirstPage, takeFirstPage } from '../../components/popup/first-page';
import { capture, NOW } from './capture-fixtures';

const opened: SourcedDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seeded(count: number, name = `newest-${Math.random()}`) {
  const db = openDatabase(name);
  opened.push(db);
  // Some with the same time: ties come in the index's order, as in the live query.
  const captures = Array.from({ length: count }, (_, i) =>
    capture({ capturedAt: new Date(NOW.getTime() - Math.floor(i / 3) * 60_000).toISOString() }),
  );
  await db.captures.bulkPut(captures.reverse());
  return db;
}

const names = async () => (await indexedDB.databases()).map((d) => d.name);

test('the newest page, newest first, as the live query reads it, and whether more follow', async () => {
  const db = await seeded(LIST_PAGE + 7);
  const page = await readNewestCaptures(LIST_PAGE, db.name);
  expect(page?.more).toBe(true);
  expect(page?.rows).toHaveLength(LIST_PAGE);
  // Equal to the letter, the derived search words stripped as every read through Dexie does.
  expect(page).toEqual(await captureWindow(db, {}, undefined, 0, LIST_PAGE));
  expect(page?.rows[0]).not.toHaveProperty('searchWords');
  // The database is closed again: nothing holds up a later schema upgrade.
  db.close();
  await Dexie.delete(db.name);
  expect(await names()).not.toContain(db.name);
});

test('a list shorter than a page says nothing follows; an empty one is an empty page', async () => {
  const short = await seeded(4);
  expect(await readNewestCaptures(LIST_PAGE, short.name)).toEqual({
    rows: await short.captures.orderBy('capturedAt').reverse().toArray(),
    more: false,
  });
  const empty = await seeded(0);
  expect(await readNewestCaptures(LIST_PAGE, empty.name)).toEqual({ rows: [], more: false });
});

test('no database yet: nothing read, and none created (the background creates it)', async () => {
  const name = `missing-${Math.random()}`;
  expect(await readNewestCaptures(LIST_PAGE, name)).toBeUndefined();
  expect(await names()).not.toContain(name);
});

test('a database without the captures index: nothing read, no error thrown', async () => {
  const name = `other-${Math.random()}`;
  const other = new Dexie(name);
  other.version(1).stores({ captures: 'id' });
  await other.open();
  other.close();
  expect(await readNewestCaptures(LIST_PAGE, name)).toBeUndefined();
  await Dexie.delete(name);
});

test('the early script hands its read to the popup once', async () => {
  const db = await seeded(3, 'sourced');
  startFirstPage();
  const page = await takeFirstPage();
  expect(page?.rows.map((c) => c.id)).toEqual(
    (await db.captures.orderBy('capturedAt').reverse().primaryKeys()) as string[],
  );
  // Taken: a second popup render (or none started) waits for its live query instead.
  expect(await takeFirstPage()).toBeUndefined();
});

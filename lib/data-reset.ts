/**
 * "Delete all local data": every capture, the sync log, the endpoint with its secrets, the
 * delivery state, and every setting in storage.local. What was already delivered stays with the
 * endpoint; this only forgets this browser's copy.
 */
import { storage } from 'wxt/utils/storage';
import type { SourcedDatabase } from './db/database';

/** The outbox's lease (lib/delivery/outbox-lock.ts): a run in progress keeps it until it ends. */
const KEPT_META_KEYS: ReadonlySet<string> = new Set(['sourced-outbox']);

export async function deleteAllLocalData(db: SourcedDatabase): Promise<void> {
  await db.transaction('rw', [db.captures, db.syncLog, db.settings, db.meta], async () => {
    await Promise.all([db.captures.clear(), db.syncLog.clear(), db.settings.clear()]);
    await db.meta.filter((row) => !KEPT_META_KEYS.has(row.key)).delete();
  });
  // Identity, privacy and anything else kept in storage.local, WXT's version metadata included (a
  // value saved afterwards without it is read as v1 and re-checked by the idempotent v2 repair).
  await storage.clear('local');
}

/** How many captures "delete all" would delete (said in its confirmation). */
export function countCaptures(db: SourcedDatabase): Promise<number> {
  return db.captures.count();
}

/** The options page's read of the sync log: newest first, filtered by result and text. */
import type { SyncLogEntry } from '../sync-log';
import type { SourcedDatabase } from './database';

const FAILURES: ReadonlySet<string> = new Set(['retry', 'rejected', 'paused', 'gone']);

/** `result` is a SyncLogEntry result, `all`, or `failures` (every result that is a problem). */
export function syncLogMatcher(result: string, search: string): (entry: SyncLogEntry) => boolean {
  const needle = search.trim().toLowerCase();
  return (entry) =>
    (result === 'all' ||
      (result === 'failures' ? FAILURES.has(entry.result) : entry.result === result)) &&
    (!needle ||
      [entry.eventId, entry.captureId, entry.url, entry.error].some((field) =>
        field?.toLowerCase().includes(needle),
      ));
}

/** Up to `limit` matching entries, newest first. */
export function recentSyncLog(
  db: SourcedDatabase,
  result: string,
  search: string,
  limit: number,
): Promise<SyncLogEntry[]> {
  return db.syncLog
    .orderBy('seq')
    .reverse()
    .filter(syncLogMatcher(result, search))
    .limit(limit)
    .toArray();
}

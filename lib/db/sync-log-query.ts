/** The options page's read of the sync log: newest first, filtered by result and text. */
import type { SyncLogEntry } from '../sync-log';
import type { SourcedDatabase } from './database';

const FAILURES: ReadonlySet<string> = new Set(['retry', 'rejected', 'paused', 'gone']);

/** `result` is a SyncLogEntry result, `all`, or `failures` (every result that is a problem). */
export function syncLogMatcher(
  result: string,
  search: string,
  /** Captures whose author or post matches the search: their attempts match too. */
  matchingCaptures: ReadonlySet<string> = new Set(),
): (entry: SyncLogEntry) => boolean {
  const needle = search.trim().toLowerCase();
  return (entry) =>
    (result === 'all' ||
      (result === 'failures' ? FAILURES.has(entry.result) : entry.result === result)) &&
    (!needle ||
      (entry.captureId !== undefined && matchingCaptures.has(entry.captureId)) ||
      [entry.eventId, entry.captureId, entry.url, entry.error].some((field) =>
        field?.toLowerCase().includes(needle),
      ));
}

/** The ids of captures whose author (name or handle) or post text holds `needle`. */
async function capturesNamed(db: SourcedDatabase, needle: string): Promise<Set<string>> {
  const ids = await db.captures
    .filter((c) =>
      [c.post.author.name, c.post.author.handle, c.post.excerpt].some((field) =>
        field?.toLowerCase().includes(needle),
      ),
    )
    .primaryKeys();
  return new Set(ids.map(String));
}

/**
 * Up to `limit` matching entries, newest first. The log names captures by author and post, so a
 * search finds them by those words too.
 */
export async function recentSyncLog(
  db: SourcedDatabase,
  result: string,
  search: string,
  limit: number,
): Promise<SyncLogEntry[]> {
  const needle = search.trim().toLowerCase();
  const named = needle ? await capturesNamed(db, needle) : undefined;
  return db.syncLog
    .orderBy('seq')
    .reverse()
    .filter(syncLogMatcher(result, search, named))
    .limit(limit)
    .toArray();
}

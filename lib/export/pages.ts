/**
 * Read what an export holds one page at a time, so that memory follows the page size and not the
 * size of the database. Pages are keyset-paged (continue after the last key read) rather than
 * `offset()`-paged: IndexedDB has no offset, so `offset(n)` walks n records on every page and a
 * large export turns quadratic.
 */
import type { Capture, CaptureStatus } from '../capture';
import type { SourcedDatabase } from '../db/database';
import type { SyncLogEntry } from '../sync-log';

export interface ExportFilter {
  /** Captures captured (sync log entries logged) at or after this ISO time. */
  from?: string;
  /** ... and strictly before this ISO time. */
  to?: string;
  /** Only captures in these statuses; empty or absent means every status. */
  statuses?: readonly CaptureStatus[];
}

export const DEFAULT_PAGE_SIZE = 1000;

/** Above every ISO date string, so an open-ended range can still use `between`. */
const END = '\uffff';

function range(filter: ExportFilter): { lower: string; upper: string } {
  return { lower: filter.from ?? '', upper: filter.to ?? END };
}

/**
 * Captures in `capturedAt` order (then id), page by page.
 *
 * Each page is one plain range query (`between().limit()`), which Dexie answers with a single
 * `getAll`: a JavaScript `filter()` on the collection would walk a cursor record by record, an
 * order of magnitude slower. So the page continues from the last capturedAt read, asks for as
 * many more records as it already saw at that exact time, and drops those (an index orders
 * equal keys by primary key, so they come first). Status filtering happens on the page read.
 * The next page is requested before the current one is handed out, so reading and writing
 * overlap; at most two pages are held at a time.
 */
export async function* capturePages(
  db: SourcedDatabase,
  filter: ExportFilter = {},
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<Capture[]> {
  const { lower, upper } = range(filter);
  const statuses = filter.statuses?.length ? new Set(filter.statuses) : undefined;
  const read = (after: { capturedAt: string; id: string } | undefined, ties: number) => {
    const query = db.captures
      .where('capturedAt')
      .between(after?.capturedAt ?? lower, upper, true, false);
    // Thousands of captures made in the same millisecond do not happen by hand; should they
    // appear (a bulk import from a tool), walk a cursor instead of re-reading them every page.
    const walk = after !== undefined && ties > pageSize;
    const requested = walk ? pageSize : pageSize + ties;
    const records = walk
      ? query
          .filter((c) => c.capturedAt > after.capturedAt || c.id > after.id)
          .limit(pageSize)
          .toArray()
      : query.limit(requested).toArray();
    // A prefetched page nobody awaits (the export was cancelled) must not reject unhandled.
    records.catch(() => {});
    return { after, ties, requested, records };
  };
  let next = read(undefined, 0);
  for (;;) {
    const { after, ties, requested } = next;
    const raw = await next.records;
    const fresh = after
      ? raw.filter((c) => c.capturedAt > after.capturedAt || c.id > after.id)
      : raw;
    const last = fresh[fresh.length - 1];
    // Only a short read means the end: a capture added meanwhile can make `fresh` shorter.
    const done = !last || raw.length < requested;
    if (last && !done) {
      // Ask for the next page before handing this one out: the database reads it while the
      // caller turns this one into text.
      next = read(
        { capturedAt: last.capturedAt, id: last.id },
        (last.capturedAt === after?.capturedAt ? ties : 0) +
          fresh.filter((c) => c.capturedAt === last.capturedAt).length,
      );
    }
    const page = statuses ? fresh.filter((c) => statuses.has(c.status)) : fresh;
    if (page.length > 0) yield page;
    if (done) return;
  }
}

/** Sync log entries in the order they were written, page by page (one `getAll` each). */
export async function* syncLogPages(
  db: SourcedDatabase,
  filter: ExportFilter = {},
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<SyncLogEntry[]> {
  const { lower, upper } = range(filter);
  const dated = filter.from !== undefined || filter.to !== undefined;
  const read = (afterSeq: number) => {
    const records = db.syncLog.where('seq').above(afterSeq).limit(pageSize).toArray();
    records.catch(() => {});
    return records;
  };
  let next = read(-Infinity);
  for (;;) {
    const raw = await next;
    const done = raw.length < pageSize;
    if (!done) next = read(raw[raw.length - 1]!.seq!);
    const page = dated ? raw.filter((e) => e.at >= lower && e.at < upper) : raw;
    if (page.length > 0) yield page;
    if (done) return;
  }
}

/** How many records an export will write, from index counts (no record is read). */
export async function countExport(
  db: SourcedDatabase,
  filter: ExportFilter,
  withSyncLog: boolean,
): Promise<{ captures: number; syncLog: number }> {
  const { lower, upper } = range(filter);
  const statuses = filter.statuses?.length ? [...new Set(filter.statuses)] : undefined;
  const captures = statuses
    ? (
        await Promise.all(
          statuses.map((status) =>
            db.captures
              .where('[status+capturedAt]')
              .between([status, lower], [status, upper], true, false)
              .count(),
          ),
        )
      ).reduce((a, b) => a + b, 0)
    : await db.captures.where('capturedAt').between(lower, upper, true, false).count();
  const dated = filter.from !== undefined || filter.to !== undefined;
  const syncLog = !withSyncLog
    ? 0
    : dated
      ? await db.syncLog.where('at').between(lower, upper, true, false).count()
      : await db.syncLog.count();
  return { captures, syncLog };
}

/**
 * The popup's reads of the captures table: always newest first, through an index for each
 * combination of filters (migration 4), a page at a time. Nothing here reads or counts every
 * capture: IndexedDB counts by walking a range, which takes seconds at 100,000 captures.
 */
import Dexie from 'dexie';
import type { Capture, CaptureStatus } from '../capture';
import type { SourcedDatabase } from './database';
import { searchTerms, searchWordsOf } from './search-words';

export interface CaptureFilter {
  status?: CaptureStatus;
  platform?: Capture['platform'];
  /** Free text; each word must begin a word of the author, excerpt, note or CRM reference. */
  search?: string;
}

export function filterKey(filter: CaptureFilter): string {
  return JSON.stringify([
    filter.status ?? '',
    filter.platform ?? '',
    searchTerms(filter.search ?? ''),
  ]);
}

export function isFiltered(filter: CaptureFilter): boolean {
  return Boolean(filter.status || filter.platform || searchTerms(filter.search ?? '').length);
}

/** The captures a status/platform filter keeps, newest first, from the index made for it. */
export type CaptureCollection = ReturnType<SourcedDatabase['captures']['toCollection']>;

export function filteredCollection(db: SourcedDatabase, filter: CaptureFilter): CaptureCollection {
  const { status, platform } = filter;
  const range = (index: string, ...prefix: string[]) =>
    db.captures
      .where(index)
      .between([...prefix, Dexie.minKey], [...prefix, Dexie.maxKey])
      .reverse();
  if (status && platform) return range('[status+platform+capturedAt]', status, platform);
  if (status) return range('[status+capturedAt]', status);
  if (platform) return range('[platform+capturedAt]', platform);
  return db.captures.orderBy('capturedAt').reverse();
}

/** Newest first; ties in the same order as a reverse index walk (by id, descending). */
function newestFirst(a: Capture, b: Capture): number {
  return b.capturedAt.localeCompare(a.capturedAt) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}

/**
 * Bounds of a search's reads: a term whose prefix range of the index holds at most RARE_TERM
 * entries gives the candidates by itself; otherwise terms are read up to COMMON_TERM entries and
 * intersected; up to CHECKED candidates are fetched, checked and sorted in memory.
 */
const RARE_TERM = 1_000;
const COMMON_TERM = 20_000;
const CHECKED = 2_000;
/** A search of common words only shows its newest matches; the user refines it to see others. */
export const SEARCH_LIMIT = 200;

function matchesAll(capture: Capture, terms: string[]): boolean {
  const words = searchWordsOf(capture);
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}

export interface SearchResult {
  /** Matching ids, newest first. */
  ids: string[];
  /** False when only the newest SEARCH_LIMIT matches are listed. */
  complete: boolean;
}

/**
 * What a search matches, newest first, or undefined when there is no search. Every read is
 * bounded. Candidates come from the `*searchWords` index (keys only): the rarest term's prefix
 * range, or the intersection of the ranges that are not too common; they are fetched, checked
 * against every term and the filters, and sorted. When every term is common, or they intersect in
 * many captures, matches are dense: the filter's time index is walked newest first until
 * SEARCH_LIMIT captures match.
 */
export async function searchIds(
  db: SourcedDatabase,
  filter: CaptureFilter,
): Promise<SearchResult | undefined> {
  const terms = searchTerms(filter.search ?? '');
  if (terms.length === 0) return undefined;
  const keeps = (c: Capture) =>
    (!filter.status || c.status === filter.status) &&
    (!filter.platform || c.platform === filter.platform) &&
    matchesAll(c, terms);
  const keysOf = (term: string, cap: number) =>
    db.captures
      .where('searchWords')
      .startsWith(term)
      .limit(cap + 1)
      .primaryKeys();
  const checked = async (candidates: Iterable<string>): Promise<SearchResult> => {
    const captures = await db.captures.bulkGet([...new Set(candidates)]);
    const ids = captures
      .filter((c): c is Capture => c !== undefined && keeps(c))
      .sort(newestFirst)
      .map((c) => c.id);
    return { ids, complete: true };
  };

  // A one-letter prefix is common in any sizeable history: it only narrows the others.
  const indexed = terms.filter((term) => term.length > 1);
  const heads = await Promise.all(indexed.map((term) => keysOf(term, RARE_TERM)));
  const rarest = heads.filter((k) => k.length <= RARE_TERM).sort((a, b) => a.length - b.length)[0];
  if (rarest) return checked(rarest);
  const ranges = await Promise.all(indexed.map((term) => keysOf(term, COMMON_TERM)));
  const whole = ranges.filter((k) => k.length <= COMMON_TERM).sort((a, b) => a.length - b.length);
  if (whole.length > 0) {
    let candidates = new Set(whole[0]);
    for (const keys of whole.slice(1)) {
      const previous = candidates;
      candidates = new Set(keys.filter((key) => previous.has(key)));
    }
    if (candidates.size <= CHECKED) return checked(candidates);
  }
  const found = await filteredCollection(db, filter)
    .filter(keeps)
    .limit(SEARCH_LIMIT + 1)
    .primaryKeys();
  return { ids: found.slice(0, SEARCH_LIMIT), complete: found.length <= SEARCH_LIMIT };
}

export interface CaptureWindow {
  rows: Capture[];
  /** Whether captures follow the last of these rows. */
  more: boolean;
}

/** `limit` captures from position `offset` of the filtered list, or of the search's ids. */
export async function captureWindow(
  db: SourcedDatabase,
  filter: CaptureFilter,
  ids: string[] | undefined,
  offset: number,
  limit: number,
): Promise<CaptureWindow> {
  if (ids) {
    const found = await db.captures.bulkGet(ids.slice(offset, offset + limit));
    return {
      rows: found.filter((c): c is Capture => c !== undefined),
      more: ids.length > offset + limit,
    };
  }
  // One more than asked says whether the list goes on, without counting it (counting walks the
  // whole range: seconds at 100,000 captures).
  const rows = await filteredCollection(db, filter)
    .offset(offset)
    .limit(limit + 1)
    .toArray();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Counts stop here: reading keys is bounded, and "999+" says enough. */
export const COUNT_CAP = 999;

export interface DeliveryCounts {
  drafts: number;
  /** Waiting for the background: queued or being delivered right now. */
  waiting: number;
  failed: number;
}

/** The counts of the delivery summary, each at most COUNT_CAP + 1 (shown as "999+"). */
export async function deliveryCounts(db: SourcedDatabase): Promise<DeliveryCounts> {
  const count = (status: CaptureStatus) =>
    db.captures
      .where('status')
      .equals(status)
      .limit(COUNT_CAP + 1)
      .primaryKeys()
      .then((keys) => keys.length);
  const [drafts, queued, delivering, failed] = await Promise.all([
    count('draft'),
    count('queued'),
    count('delivering'),
    count('failed'),
  ]);
  return { drafts, waiting: queued + delivering, failed };
}

/**
 * Confirmed wins as CSV, one row per win: everyone it credits in one cell each for names, teams and
 * emails (joined with "; "), the reviewer's decision, and the outcome of the capture that stands for
 * the win. Cells that a spreadsheet would run as a formula get a leading apostrophe: post text and
 * notes are typed by others. The guard is the extension's own (lib/csv-formula-guard.ts), so both
 * CSVs defuse the same characters, full-width forms included.
 *
 * The download is streamed a page at a time, with a turn of the event loop between pages: a large
 * wall once took seconds of CPU in one piece and held every other request, deliveries and health
 * checks included. A page is read along the captures' wall index (a keyset cursor, as the per-
 * capture CSV did); each win is written once, with the page that holds its lead capture (the one
 * updated last, which stands for the win), so grouping never scans the whole table.
 */
import Papa from 'papaparse';
import { FORMULA_PREFIX } from '../../lib/csv-formula-guard';
import { postKey, type Win, type WinQuery } from '../storage/recognition';
import type { CaptureStore, StoredCapture, WinsCursor, WinsFilter } from '../storage/types';
import { monthOf } from './labels';

/** Wins read and written per page of the download. */
export const CSV_PAGE_ROWS = 250;

export const WIN_CSV_COLUMNS = [
  'win',
  'state',
  'capture_ids',
  'credited_names',
  'credited_teams',
  'credited_emails',
  'team',
  'month',
  'happened_on',
  'outcome_type',
  'stage',
  'amount',
  'currency',
  'note',
  'crm_ref',
  'reviewed_by',
  'review_comment',
  'reviewed_at',
  'platform',
  'post_url',
  'post_author',
  'post_excerpt',
] as const;

const NEWLINE = '\r\n';

const joined = (values: (string | undefined)[]) => values.map((value) => value ?? '').join('; ');

function row(win: Win): (string | number)[] {
  const { data, happenedOn } = win.lead;
  const review =
    win.members.find((m) => m.capture === win.lead)?.review ??
    win.members.find((m) => m.review)?.review;
  const people = win.members.map((m) => m.capture.data.employee);
  return [
    win.key,
    win.state,
    win.members.map((m) => m.capture.data.id).join(' '),
    joined(people.map((p) => p.name)),
    joined(people.map((p) => p.team)),
    joined(people.map((p) => p.email)),
    data.employee.team ?? '',
    monthOf(happenedOn),
    happenedOn,
    data.outcome.type,
    data.outcome.stage,
    data.outcome.value?.amount ?? '',
    data.outcome.value?.currency ?? '',
    data.outcome.note ?? '',
    data.outcome.crmRef ?? '',
    review?.by ?? '',
    review?.comment ?? '',
    review?.at ?? '',
    data.platform,
    data.post.url,
    data.post.author.name ?? data.post.author.handle ?? '',
    data.post.excerpt ?? '',
  ];
}

function unparse(rows: (string | number)[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, { header: false, newline: NEWLINE, escapeFormulae: FORMULA_PREFIX })}${NEWLINE}`;
}

/** The byte-order mark (spreadsheet programs then read the file as UTF-8) and the header row. */
export function csvHead(): string {
  return `\uFEFF${unparse([[...WIN_CSV_COLUMNS]])}`;
}

/** Rows of wins, each ending with CRLF. */
export function csvBody(wins: readonly Win[]): string {
  return unparse(wins.map(row));
}

/** The whole file at once: for small lists and tests. */
export function winsCsv(wins: readonly Win[]): string {
  return csvHead() + csvBody(wins);
}

/** Where the next page starts: after the last capture of this one. */
export function cursorAfter(capture: StoredCapture): WinsCursor {
  return { happenedOn: capture.happenedOn, receivedAt: capture.receivedAt, id: capture.data.id };
}

/** One page of the download: its wins, and where the next page starts (none: the last page). */
export interface WinPage {
  wins: Win[];
  next?: WinsCursor;
}

/**
 * Reads the wins that `query` selects (confirmed ones, for the CSV) a page of captures at a time,
 * newest first. A win passes the month, outcome and stage filters by its lead, so the captures
 * are paged with those; the team and the state are the whole win's, so they are asked of the
 * page's wins.
 */
export function winPages(
  store: CaptureStore,
  query: WinQuery,
): (after: WinsCursor | undefined, limit: number) => Promise<WinPage> {
  const leadFilter: WinsFilter = {
    outcomeType: query.outcomeType,
    stages: query.stages,
    fromMonth: query.fromMonth,
    toMonth: query.toMonth,
  };
  return async (after, limit) => {
    const captures = await store.wins({ ...leadFilter, after, limit });
    const next = captures.length < limit ? undefined : cursorAfter(captures.at(-1)!);
    if (captures.length === 0) return { wins: [], next };
    // A turn of the event loop between the two reads: a page blocks for one read at most.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const postKeys = [...new Set(captures.map((capture) => postKey(capture.data)))];
    const wins = await store.recognitionWins({ ...query, postKeys, limit: postKeys.length });
    const place = new Map(captures.map((capture, index) => [capture.data.id, index]));
    const led = wins.filter((win) => place.has(win.lead.data.id));
    led.sort((a, b) => place.get(a.lead.data.id)! - place.get(b.lead.data.id)!);
    return { wins: led, next };
  };
}

/**
 * Page work of every CSV download in this process runs one page per turn of the event loop, in
 * turn: however many downloads run at once, a delivery or a health check waits for one page at
 * most, never for one page of each download.
 */
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
  queue = run.catch(() => {});
  return run;
}

/**
 * The CSV as a byte stream that reads `page(after, limit)` one page at a time (see winPages),
 * only as fast as the client takes it, and yields to the event loop before each page (see inTurn).
 */
export function winsCsvStream(
  page: (after: WinsCursor | undefined, limit: number) => Promise<WinPage>,
  options: { pageRows?: number; onError?: (error: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const pageRows = options.pageRows ?? CSV_PAGE_ROWS;
  const encoder = new TextEncoder();
  let after: WinsCursor | undefined;
  let started = false;
  // A client that goes away mid-download cancels the stream: the page in progress is dropped.
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvHead()));
          return;
        }
        try {
          const { next, text } = await inTurn(async () => {
            const { wins, next } = await page(after, pageRows);
            // And one more before writing the rows: no piece of a page holds the loop long.
            await new Promise<void>((resolve) => setImmediate(resolve));
            return { next, text: csvBody(wins) };
          });
          if (cancelled) return;
          if (text) controller.enqueue(encoder.encode(text));
          after = next;
          if (!next) controller.close();
        } catch (error) {
          if (cancelled) return;
          options.onError?.(error);
          controller.error(error);
        }
      },
      cancel() {
        cancelled = true;
      },
    },
    // One page in the queue at most: the next is read when the client has taken this one.
    { highWaterMark: 1 },
  );
}

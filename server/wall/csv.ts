/**
 * The wins as CSV, one row per capture. Cells that a spreadsheet would run as a formula get a
 * leading apostrophe: post text and notes are typed by others. The guard is the extension's own
 * (lib/csv-formula-guard.ts), so both CSVs defuse the same characters, full-width forms included.
 *
 * The download is streamed a page at a time, with a turn of the event loop between pages: a
 * large wall once took seconds of CPU in one piece and held every other request, deliveries and
 * health checks included.
 */
import Papa from 'papaparse';
import { FORMULA_PREFIX } from '../../lib/csv-formula-guard';
import type { StoredCapture, WinsCursor } from '../storage/types';
import { monthOf } from './labels';

/** Rows read and written per page of the download. */
export const CSV_PAGE_ROWS = 250;

export const CSV_COLUMNS = [
  'capture_id',
  'revision',
  'team',
  'month',
  'happened_on',
  'outcome_type',
  'stage',
  'amount',
  'currency',
  'note',
  'crm_ref',
  'employee_name',
  'employee_email',
  'employee_id',
  'platform',
  'post_url',
  'post_author',
  'post_excerpt',
  'captured_at',
  'submitted_at',
  'received_at',
] as const;

const NEWLINE = '\r\n';

function row({ data, happenedOn, receivedAt }: StoredCapture): (string | number)[] {
  return [
    data.id,
    data.revision,
    data.employee.team ?? '',
    monthOf(happenedOn),
    happenedOn,
    data.outcome.type,
    data.outcome.stage,
    data.outcome.value?.amount ?? '',
    data.outcome.value?.currency ?? '',
    data.outcome.note ?? '',
    data.outcome.crmRef ?? '',
    data.employee.name ?? '',
    data.employee.email ?? '',
    data.employee.employeeId ?? '',
    data.platform,
    data.post.url,
    data.post.author.name ?? data.post.author.handle ?? '',
    data.post.excerpt ?? '',
    data.capturedAt,
    data.submittedAt ?? '',
    receivedAt,
  ];
}

function unparse(rows: (string | number)[][]): string {
  if (rows.length === 0) return '';
  return `${Papa.unparse(rows, { header: false, newline: NEWLINE, escapeFormulae: FORMULA_PREFIX })}${NEWLINE}`;
}

/** The byte-order mark (spreadsheet programs then read the file as UTF-8) and the header row. */
export function csvHead(): string {
  return `\uFEFF${unparse([[...CSV_COLUMNS]])}`;
}

/** Rows of wins, each ending with CRLF. */
export function csvBody(wins: readonly StoredCapture[]): string {
  return unparse(wins.map(row));
}

/** The whole file at once: for small lists and tests. */
export function winsCsv(wins: readonly StoredCapture[]): string {
  return csvHead() + csvBody(wins);
}

/** Where the next page starts: after the last win of this one. */
export function cursorAfter(win: StoredCapture): WinsCursor {
  return { happenedOn: win.happenedOn, receivedAt: win.receivedAt, id: win.data.id };
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
 * The CSV as a byte stream that reads `page(after, limit)` one page at a time, only as fast as the
 * client takes it, and yields to the event loop before each page (see inTurn).
 */
export function winsCsvStream(
  page: (after: WinsCursor | undefined, limit: number) => Promise<StoredCapture[]>,
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
          const { wins, text } = await inTurn(async () => {
            const wins = await page(after, pageRows);
            return { wins, text: csvBody(wins) };
          });
          if (cancelled) return;
          if (wins.length > 0) {
            controller.enqueue(encoder.encode(text));
            after = cursorAfter(wins.at(-1)!);
          }
          if (wins.length < pageRows) controller.close();
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

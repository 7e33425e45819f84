/**
 * The CSV export: one row per capture, flat columns named after the JSON paths they come from.
 * Spreadsheets are the audience, so the file starts with a UTF-8 byte order mark (without it
 * Excel reads UTF-8 as the local code page and mangles accents and emoji) and every text cell
 * that a spreadsheet would run as a formula is defused (lib/csv-formula-guard.ts).
 */
import Papa from 'papaparse';
import { FORMULA_PREFIX } from '../csv-formula-guard';
import type { ExportCapture } from './records';
import type { ExportWriter } from './writer';

export const BOM = '\uFEFF';

type Cell = string | number | boolean | undefined;

export const CSV_COLUMNS: readonly { name: string; value: (c: ExportCapture) => Cell }[] = [
  { name: 'id', value: (c) => c.id },
  { name: 'revision', value: (c) => c.revision },
  { name: 'status', value: (c) => c.status },
  { name: 'intent', value: (c) => c.intent },
  { name: 'platform', value: (c) => c.platform },
  { name: 'post.id', value: (c) => c.post.id },
  { name: 'post.url', value: (c) => c.post.url },
  { name: 'post.kind', value: (c) => c.post.kind },
  { name: 'post.author.name', value: (c) => c.post.author.name },
  { name: 'post.author.handle', value: (c) => c.post.author.handle },
  { name: 'post.author.url', value: (c) => c.post.author.url },
  { name: 'post.postedAt', value: (c) => c.post.postedAt },
  { name: 'post.excerpt', value: (c) => c.post.excerpt },
  { name: 'post.textSha256', value: (c) => c.post.textSha256 },
  { name: 'post.partial', value: (c) => c.post.partial },
  { name: 'post.quoted.url', value: (c) => c.post.quoted?.url },
  { name: 'post.repostedBy.name', value: (c) => c.post.repostedBy?.name },
  { name: 'outcome.type', value: (c) => c.outcome.type },
  { name: 'outcome.stage', value: (c) => c.outcome.stage },
  { name: 'outcome.value.amount', value: (c) => c.outcome.value?.amount },
  { name: 'outcome.value.currency', value: (c) => c.outcome.value?.currency },
  { name: 'outcome.crmRef', value: (c) => c.outcome.crmRef },
  { name: 'outcome.note', value: (c) => c.outcome.note },
  { name: 'outcome.occurredAt', value: (c) => c.outcome.occurredAt },
  { name: 'employee.name', value: (c) => c.employee.name },
  { name: 'employee.email', value: (c) => c.employee.email },
  { name: 'employee.employeeId', value: (c) => c.employee.employeeId },
  { name: 'employee.team', value: (c) => c.employee.team },
  { name: 'capturedAt', value: (c) => c.capturedAt },
  { name: 'submittedAt', value: (c) => c.submittedAt },
  { name: 'deliveredAt', value: (c) => c.deliveredAt },
  { name: 'attempts', value: (c) => c.attempts },
  { name: 'lastError', value: (c) => c.lastError },
  { name: 'receipt.id', value: (c) => c.receipt?.id },
  { name: 'receipt.url', value: (c) => c.receipt?.url },
  { name: 'client.version', value: (c) => c.client.version },
];

const NEWLINE = '\r\n';

/** Rows of CSV text (RFC 4180 quoting, CRLF line ends), each row ending with a line break. */
export function csvRows(rows: readonly (readonly Cell[])[]): string {
  if (rows.length === 0) return '';
  return (
    Papa.unparse(rows as Cell[][], {
      header: false,
      newline: NEWLINE,
      escapeFormulae: FORMULA_PREFIX,
    }) + NEWLINE
  );
}

export function csvWriter(): ExportWriter {
  return {
    includesSyncLog: false,
    header: () => BOM + csvRows([CSV_COLUMNS.map((c) => c.name)]),
    captures: (records) => csvRows(records.map((r) => CSV_COLUMNS.map((c) => c.value(r)))),
    middle: () => '',
    syncLog: () => '',
    footer: () => '',
  };
}

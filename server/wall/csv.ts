/**
 * The wins as CSV, one row per capture. Cells that a spreadsheet would run as a formula get a
 * leading apostrophe: post text and notes are typed by others.
 */
import Papa from 'papaparse';
import type { StoredCapture } from '../storage/types';
import { monthOf } from './labels';

// Papaparse's own `escapeFormulae: true` pattern ends in `.*$` without the `s` flag, so it misses a
// formula followed by a line break; this one looks at the first character only.
export const FORMULA_START = /^[=+\-@\t\r]/;

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

export function winsCsv(wins: StoredCapture[]): string {
  const rows = wins.map(({ data, happenedOn, receivedAt }) => [
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
  ]);
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  return `\uFEFF${Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  )}\r\n`;
}

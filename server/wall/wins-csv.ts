/**
 * Confirmed wins as CSV, one row per win: everyone it credits in one cell each for names, teams and
 * emails (joined with "; "), the reviewer's decision, and the outcome of the capture that stands for
 * the win. Cells a spreadsheet would run as a formula get a leading apostrophe (as in csv.ts).
 */
import Papa from 'papaparse';
import type { Win } from '../storage/recognition';
import { FORMULA_START } from './csv';
import { monthOf } from './labels';

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

const joined = (values: (string | undefined)[]) => values.map((value) => value ?? '').join('; ');

export function winsCsv(wins: Win[]): string {
  const rows = wins.map((win) => {
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
  });
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  return `\uFEFF${Papa.unparse(
    { fields: [...WIN_CSV_COLUMNS], data: rows },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  )}\r\n`;
}

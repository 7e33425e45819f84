/**
 * Amounts of money as people type them, read with the conventions of their own language: a deal's
 * value is the one number the employer reads, so "12,000" must never become 12.
 *
 * The locale (the browser's language by default) says which mark separates thousands and which
 * separates decimals (Intl.NumberFormat parts). Text with only one reading is accepted whatever
 * the locale ("1,234,567", "12,5", "1.234,50"); "12,000" and "12.000" have two readings, and the
 * locale picks the thousands one when its group mark is the one used; otherwise the text is
 * refused with a message that shows what is accepted. "12k", "1.2M" and "3bn" are understood.
 *
 * Free of Zod and the database, so the content script can use it too.
 */

export interface NumberMarks {
  /** The thousands mark: ",", ".", an apostrophe or a space (fr uses U+202F). */
  group: string;
  /** The decimal mark: "." or ",". */
  decimal: string;
}

export function numberMarks(locale?: string): NumberMarks {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  } catch {
    parts = new Intl.NumberFormat('en').formatToParts(1234567.5);
  }
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  // A locale with other marks (Arabic's ٫) is read with the common ones: the text is ASCII digits.
  return decimal === ',' || decimal === '.' ? { group, decimal } : { group: ',', decimal: '.' };
}

export type AmountResult = { ok: true; amount: number } | { ok: false; error: string };

const MULTIPLIERS: Record<string, number> = { k: 3, m: 6, mn: 6, b: 9, bn: 9 };
/** Spaces of every width and apostrophes only ever separate thousands. */
const SPACE_MARKS = /[\s\u00a0\u2007\u2009\u202f'’]/g;
const MAX_AMOUNT = 1e15;

/** "12,000.50 (or 12000.5, 12k)" in the locale's own marks: what the user may type. */
export function acceptedForms(locale?: string): string {
  const { group, decimal } = numberMarks(locale);
  const shownGroup = /\s/.test(group) ? ' ' : group;
  return `12${shownGroup}000${decimal}50, 12000${decimal}5, 12k or 1${decimal}2M`;
}

/** Whether `groups` (split on a thousands mark) is a valid grouping: 1–3 digits, then threes. */
function validGroups(groups: string[]): boolean {
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
}

/**
 * The amount `text` means in `locale`, or why it cannot be read. An empty text is not an amount
 * (callers treat it as "no value" before asking).
 */
export function parseAmount(text: string, locale?: string): AmountResult {
  const marks = numberMarks(locale);
  const accepted = `Write the amount as ${acceptedForms(locale)}.`;
  const refuse = (why: string): AmountResult => ({ ok: false, error: `${why} ${accepted}` });

  let body = text.trim().toLowerCase();
  if (body === '') return refuse('No amount given.');
  if (body.startsWith('-')) return refuse('The value cannot be negative.');
  let exponent = 0;
  const suffix = /(\d|[.,])\s*(k|mn|m|bn|b)$/.exec(body);
  if (suffix) {
    exponent = MULTIPLIERS[suffix[2]!]!;
    body = body.slice(0, body.length - suffix[2]!.length).trimEnd();
  }

  // Spaces and apostrophes: thousands marks in every language that uses them.
  const spaced = body.split(SPACE_MARKS);
  if (spaced.length > 1) {
    const lastWithDecimals = spaced[spaced.length - 1]!;
    const [lastGroup] = lastWithDecimals.split(/[.,]/);
    if (!validGroups([...spaced.slice(0, -1), lastGroup ?? ''])) {
      return refuse(`“${text.trim()}” is not a number Sourced can read.`);
    }
    body = spaced.join('');
  }
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) {
    return refuse(`“${text.trim()}” is not a number Sourced can read.`);
  }

  let integer: string;
  let fraction = '';
  const dots = body.split('.').length - 1;
  const commas = body.split(',').length - 1;
  if (dots > 0 && commas > 0) {
    // Both marks: the last one is the decimal mark, the other separates thousands. One reading.
    const decimal = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const at = body.lastIndexOf(decimal);
    const groups = body.slice(0, at).split(group);
    fraction = body.slice(at + 1);
    if (body.slice(0, at).includes(decimal) || !validGroups(groups) || !/^\d+$/.test(fraction)) {
      return refuse(
        `“${text.trim()}” mixes thousands and decimal marks in a way Sourced cannot read.`,
      );
    }
    integer = groups.join('');
  } else if (dots + commas > 1) {
    // One mark, several times: only thousands can repeat ("1,234,567", "1.234.567").
    const groups = body.split(dots ? '.' : ',');
    if (!validGroups(groups)) return refuse(`“${text.trim()}” is not a number Sourced can read.`);
    integer = groups.join('');
  } else if (dots + commas === 1) {
    const mark = dots ? '.' : ',';
    const [before = '', after = ''] = body.split(mark);
    if (after.length !== 3 || before === '' || /^0+$/.test(before) || exponent > 0) {
      // Not three digits after it (or a leading zero, or "1.500k"): only a decimal mark fits.
      if (after === '' && before === '') return refuse('No amount given.');
      integer = before === '' ? '0' : before;
      fraction = after;
    } else if (mark === marks.group && before.length <= 3) {
      // "12,000" in English, "12.000" in German: the locale's own thousands mark.
      integer = before + after;
    } else {
      const thousands = Number(before + after).toLocaleString(locale);
      return {
        ok: false,
        error:
          `“${text.trim()}” could mean ${before} or ${thousands}: ` +
          `write ${before + after} for ${thousands}, or ${before} for ${before}. ${accepted}`,
      };
    }
  } else {
    integer = body;
  }

  // Through the decimal text and an exponent, so 1.1k is exactly 1100 (not 1100.0000000000002).
  const amount = Number(`${integer}${fraction ? `.${fraction}` : ''}e${exponent}`);
  if (!Number.isFinite(amount)) return refuse(`“${text.trim()}” is not a number Sourced can read.`);
  if (amount > MAX_AMOUNT) return refuse('That amount is too large.');
  return { ok: true, amount };
}

/**
 * An amount as the form shows it back for editing, in the locale's marks, so that it reads back
 * to the same number.
 */
export function amountText(amount: number, locale?: string): string {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(amount);
  } catch {
    return String(amount);
  }
}

import { describe, expect, it } from 'vitest';
import { acceptedForms, amountText, numberMarks, parseAmount } from '../../lib/amount';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('numberMarks', () => {
  it('reads the thousands and decimal marks of each language from Intl', () => {
    expect(numberMarks('en-US')).toEqual({ group: ',', decimal: '.' });
    expect(numberMarks('de-DE')).toEqual({ group: '.', decimal: ',' });
    expect(numberMarks('fr-FR')).toEqual({ group: NNBSP, decimal: ',' });
  });
});

// [text, en, de, fr]: the amount each locale reads, or null when it refuses the text.
const TABLE: [string, number | null, number | null, number | null][] = [
  ['12000', 12000, 12000, 12000],
  ['12,000', 12000, null, null],
  ['12.000', null, 12000, null],
  ['12 000', 12000, 12000, 12000],
  [`12${NBSP}000`, 12000, 12000, 12000],
  [`12${NNBSP}000`, 12000, 12000, 12000],
  ['12k', 12000, 12000, 12000],
  ['12 K', 12000, 12000, 12000],
  ['1.2M', 1_200_000, 1_200_000, 1_200_000],
  ['1,2M', 1_200_000, 1_200_000, 1_200_000],
  ['1.1k', 1100, 1100, 1100],
  ['3bn', 3e9, 3e9, 3e9],
  ['12,5', 12.5, 12.5, 12.5],
  ['12.5', 12.5, 12.5, 12.5],
  ['12,50', 12.5, 12.5, 12.5],
  ['1,234,567', 1_234_567, 1_234_567, 1_234_567],
  ['1.234.567', 1_234_567, 1_234_567, 1_234_567],
  ['1,234,567.89', 1_234_567.89, 1_234_567.89, 1_234_567.89],
  ['1.234.567,89', 1_234_567.89, 1_234_567.89, 1_234_567.89],
  [`1${NNBSP}234${NNBSP}567,89`, 1_234_567.89, 1_234_567.89, 1_234_567.89],
  ["12'000.50", 12000.5, 12000.5, 12000.5],
  ['0.125', 0.125, 0.125, 0.125],
  ['0', 0, 0, 0],
  ['1,23,456', null, null, null],
  ['12,00,0', null, null, null],
  ['1.234,5.6', null, null, null],
  ['12 00', null, null, null],
  ['-5', null, null, null],
  ['twelve', null, null, null],
  ['12e3', null, null, null],
  ['', null, null, null],
  ['.', null, null, null],
  ['2000000000000000', null, null, null],
];

describe('parseAmount', () => {
  for (const [column, locale] of [
    [1, 'en-US'],
    [2, 'de-DE'],
    [3, 'fr-FR'],
  ] as const) {
    it.each(TABLE.map((row) => [row[0], row[column]] as const))(
      `${locale}: %j → %s`,
      (text, expected) => {
        const result = parseAmount(text, locale);
        if (expected === null) {
          expect(result.ok).toBe(false);
          // Every refusal says what is accepted, in the locale's own marks.
          if (!result.ok) expect(result.error).toContain(acceptedForms(locale));
        } else {
          expect(result).toEqual({ ok: true, amount: expected });
        }
      },
    );
  }

  it('names both readings of an ambiguous amount', () => {
    const result = parseAmount('12,000', 'de-DE');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('could mean 12 or 12.000');
      expect(result.error).toContain('12.000,50');
    }
    const en = parseAmount('12.000', 'en-US');
    if (!en.ok) expect(en.error).toContain('could mean 12 or 12,000');
    else expect.fail('12.000 is ambiguous in English');
  });

  it('reads back what amountText shows, in every locale', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'de-CH']) {
      for (const amount of [0, 5, 12000, 1234567.89, 0.5, 999.99, 1e12]) {
        expect(parseAmount(amountText(amount, locale), locale)).toEqual({ ok: true, amount });
      }
    }
  });
});

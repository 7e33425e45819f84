import { AWKWARD_TOKEN, echoedForms } from './secret-forms';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CaptureDataSchema, toCaptureData } from '../../lib/capture';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { secretValues } from '../../lib/delivery/endpoint-config';
import { loadEndpoint, saveEndpoint } from '../../lib/endpoint-settings';
import { BOM } from '../../lib/export/csv';
import { blobSink, exportFileName, stringSink } from '../../lib/export/file';
import { capturePages, countExport } from '../../lib/export/pages';
import { exportRedactor, toExportCapture } from '../../lib/export/records';
import { EXPORT_FORMATS, runExport, type ExportProgress } from '../../lib/export/run-export';
import { capture, NOW } from './capture-fixtures';
import { seed, variedCaptures, variedSyncLog } from './export-fixtures';

let db: SourcedDatabase;
beforeEach(() => {
  db = openDatabase(`export-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function exportText(format: (typeof EXPORT_FORMATS)[number], options = {}) {
  const sink = stringSink();
  const counts = await runExport(db, format, sink, {
    clientVersion: '0.1.0',
    now: NOW,
    ...options,
  });
  return { text: sink.text(), counts };
}

describe('JSON export', () => {
  test('is the versioned envelope of the contract with every capture and log entry', async () => {
    const captures = variedCaptures();
    const log = variedSyncLog(captures);
    await seed(db, captures, log);
    const { text, counts } = await exportText('json');
    expect(counts).toEqual({ captures: 5, syncLog: 3 });

    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      'format',
      'version',
      'exportedAt',
      'client',
      'captures',
      'syncLog',
    ]);
    expect(parsed).toMatchObject({
      format: 'sourced-export',
      version: 1,
      exportedAt: NOW.toISOString(),
      client: { name: 'sourced', version: '0.1.0' },
    });
    const delivered = captures[2]!;
    const exported = parsed.captures.find((c: { id: string }) => c.id === delivered.id);
    // The contract's capture: the delivered `data` object plus the outbox fields.
    expect(exported).toEqual({
      ...toCaptureData(delivered),
      status: 'delivered',
      attempts: 1,
      deliveredAt: delivered.deliveredAt,
      receipt: delivered.receipt,
      intent: 'submit',
      deliveredRevision: 1,
      updatedAt: delivered.updatedAt,
      postKey: delivered.postKey,
    });
    // Sync log entries without the local row number, in the order they were written.
    expect(parsed.syncLog).toEqual(log);
    expect(parsed.syncLog[0]).not.toHaveProperty('seq');
  });

  test('the data part of every capture is byte for byte what a delivery carries', async () => {
    const captures = variedCaptures();
    await seed(db, captures);
    const parsed = JSON.parse((await exportText('json')).text);
    // Every key of the contract's data object, first and in its order, then the outbox fields.
    const dataKeys = Object.keys(CaptureDataSchema.shape);
    expect(Object.keys(toExportCapture(captures[1]!, exportRedactor(undefined)))).toEqual([
      ...dataKeys,
      ...['status', 'attempts', 'lastError', 'deliveredAt', 'receipt'],
      ...['intent', 'deliveredRevision', 'nextAttemptAt', 'updatedAt', 'postKey'],
    ]);
    for (const exported of parsed.captures) {
      const stored = captures.find((c) => c.id === exported.id)!;
      const data = Object.fromEntries(
        dataKeys.filter((k) => k in exported).map((k) => [k, exported[k]]),
      );
      expect(JSON.stringify(data)).toBe(JSON.stringify(toCaptureData(stored)));
    }
  });

  test('an empty database is still a valid export', async () => {
    const parsed = JSON.parse((await exportText('json')).text);
    expect(parsed.captures).toEqual([]);
    expect(parsed.syncLog).toEqual([]);
  });
});

test('NDJSON has one object per line, each with its kind', async () => {
  const captures = variedCaptures();
  await seed(db, captures, variedSyncLog(captures));
  const { text } = await exportText('ndjson');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(lines.map((l) => l.kind)).toEqual([
    ...captures.map(() => 'capture'),
    'syncLog',
    'syncLog',
    'syncLog',
  ]);
  const json = JSON.parse((await exportText('json')).text);
  expect(lines.slice(0, 5).map(({ kind: _k, ...rest }) => rest)).toEqual(json.captures);
  expect(lines.slice(5).map(({ kind: _k, ...rest }) => rest)).toEqual(json.syncLog);
});

describe('paging', () => {
  test('reads every capture exactly once across pages, ties on capturedAt included', async () => {
    // 23 captures over 4 timestamps: pages of 5 cut through runs of equal capturedAt.
    const captures = Array.from({ length: 23 }, (_, i) =>
      capture({ capturedAt: new Date(NOW.getTime() + (i % 4) * 1000).toISOString() }),
    );
    await seed(db, [...captures].reverse());
    const pages: string[][] = [];
    for await (const page of capturePages(db, {}, 5)) pages.push(page.map((c) => c.id));
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    const expected = [...captures]
      .sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.id.localeCompare(b.id))
      .map((c) => c.id);
    expect(pages.flat()).toEqual(expected);
  });

  test('many captures made in the same millisecond are each read once', async () => {
    const captures = Array.from({ length: 23 }, () => capture({ capturedAt: NOW.toISOString() }));
    await seed(db, captures);
    const ids: string[] = [];
    for await (const page of capturePages(db, {}, 4)) ids.push(...page.map((c) => c.id));
    expect(ids).toEqual(captures.map((c) => c.id).sort());
  });

  test('reports progress after each page, ending at the total', async () => {
    const captures = Array.from({ length: 12 }, () => capture());
    await seed(db, captures, variedSyncLog(variedCaptures()));
    const seen: ExportProgress[] = [];
    await exportText('json', { pageSize: 5, onProgress: (p: ExportProgress) => seen.push(p) });
    expect(seen.map((p) => p.done)).toEqual([0, 5, 10, 12, 15]);
    expect(seen.every((p) => p.total === 15)).toBe(true);
  });

  test('filters by date range and status, and counts what it will write', async () => {
    const captures = variedCaptures();
    await seed(db, captures, variedSyncLog(captures));
    const filter = {
      from: new Date(NOW.getTime() + 60_000).toISOString(),
      to: new Date(NOW.getTime() + 3 * 60_000).toISOString(),
      statuses: ['delivered', 'failed', 'queued'] as const,
    };
    const { text, counts } = await exportText('json', { filter, pageSize: 1 });
    const parsed = JSON.parse(text);
    expect(parsed.captures.map((c: { id: string }) => c.id).sort()).toEqual(
      [captures[1]!.id, captures[2]!.id, captures[3]!.id].sort(),
    );
    // The date range applies to the log too (by `at`); the status filter does not.
    expect(parsed.syncLog.map((e: { status: number }) => e.status)).toEqual([200]);
    expect(await countExport(db, filter, true)).toEqual(counts);

    const drafts = JSON.parse((await exportText('json', { filter: { statuses: ['draft'] } })).text);
    expect(drafts.captures.map((c: { id: string }) => c.id)).toEqual([captures[0]!.id]);
  });

  test('stops when aborted', async () => {
    await seed(
      db,
      Array.from({ length: 10 }, () => capture()),
    );
    const controller = new AbortController();
    const run = exportText('csv', {
      pageSize: 2,
      signal: controller.signal,
      onProgress: (p: ExportProgress) => p.done >= 4 && controller.abort(),
    });
    await expect(run).rejects.toThrow();
  });
});

test('no secret of the endpoint appears in any export, even one that leaked into a log', async () => {
  const token = 'tok_live_9f8e7d6c5b4a';
  const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const headerValue = 'proxy-key-1234567890';
  const saved = await saveEndpoint(db, {
    url: 'https://recognition.example.com/sourced?key=query-secret-abcdef',
    format: 'sourced.v1',
    token,
    signingSecret,
    headers: [{ name: 'X-Proxy-Key', value: headerValue }],
  });
  expect(saved.ok).toBe(true);
  const captures = variedCaptures();
  captures[3]!.lastError = `rejected (422): echoed Authorization: Bearer ${token}`;
  const log = variedSyncLog(captures);
  log[1]!.error = `echoed ${headerValue} and ${signingSecret}`;
  log[2]!.url = 'https://recognition.example.com/sourced?key=query-secret-abcdef';
  await seed(db, captures, log);

  const secrets = secretValues((await loadEndpoint(db))!);
  for (const format of EXPORT_FORMATS) {
    const { text } = await exportText(format);
    for (const secret of [token, signingSecret, headerValue, 'query-secret-abcdef', ...secrets]) {
      expect(text, `${format} export`).not.toContain(secret);
    }
    expect(text, `${format} export`).toContain('[redacted]');
  }
  // The endpoint's address without its key stays readable in the log.
  const json = JSON.parse((await exportText('json')).text);
  expect(json.syncLog[0].url).toBe('https://recognition.example.com/sourced');
});

test('an export redacts secrets that reached a log escaped, URL-encoded or in base64', async () => {
  const saved = await saveEndpoint(db, {
    url: 'https://recognition.example.com/sourced',
    format: 'sourced.v1',
    token: AWKWARD_TOKEN,
    headers: [{ name: 'X-Proxy-Key', value: 'proxy/key "1" 234' }],
  });
  expect(saved.ok).toBe(true);
  const forms = [AWKWARD_TOKEN, 'proxy/key "1" 234'].flatMap((s) => Object.values(echoedForms(s)));
  const captures = variedCaptures();
  const log = variedSyncLog(captures);
  captures[0]!.lastError = `rejected (400): ${forms.join(' ')}`;
  log[0]!.error = `echoed ${forms.join(' | ')}`;
  await seed(db, captures, log);
  for (const format of EXPORT_FORMATS) {
    const { text } = await exportText(format);
    for (const form of forms) {
      expect(text, `${format}: ${form}`).not.toContain(form);
      expect(text, `${format}: ${form}`).not.toContain(JSON.stringify(form).slice(1, -1));
    }
  }
});

describe('files', () => {
  test('are named with the local date and the format', () => {
    const date = new Date(2026, 0, 5, 23, 30);
    expect(exportFileName('json', date)).toBe('sourced-export-2026-01-05.json');
    expect(exportFileName('csv', date)).toBe('sourced-export-2026-01-05.csv');
    expect(exportFileName('ndjson', date)).toBe('sourced-export-2026-01-05.ndjson');
  });

  test('a Blob built chunk by chunk holds the same bytes, CSV with a UTF-8 BOM', async () => {
    await seed(db, variedCaptures());
    const sink = blobSink('csv');
    await runExport(db, 'csv', sink, { clientVersion: '0.1.0', now: NOW, pageSize: 2 });
    const blob = sink.blob();
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe((await exportText('csv')).text);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toContain('🎉');
  });
});

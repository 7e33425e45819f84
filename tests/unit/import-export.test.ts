import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Capture } from '../../lib/capture';
import { deleteAllLocalData } from '../../lib/data-reset';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { stringSink } from '../../lib/export/file';
import { EXPORT_FORMATS, runExport, type ExportFormat } from '../../lib/export/run-export';
import {
  describeImport,
  importExport,
  MAX_IMPORT_BYTES,
  parseExport,
} from '../../lib/import/import-export';
import { capture, NOW } from './capture-fixtures';
import { seed, variedCaptures, variedSyncLog } from './export-fixtures';

let db: SourcedDatabase;
beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`import-${Math.random()}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function exportText(format: ExportFormat = 'json'): Promise<string> {
  const sink = stringSink();
  await runExport(db, format, sink, { clientVersion: '0.1.0', now: NOW });
  return sink.text();
}

const file = (text: string) => new Blob([text], { type: 'application/json' });

/** Everything an import could touch, to prove a refused import touched nothing. */
async function snapshot() {
  return {
    captures: await db.captures.orderBy('id').toArray(),
    syncLog: await db.syncLog.orderBy('seq').toArray(),
  };
}

describe('round trip', () => {
  test('export → delete all → import → export gives the same files, in every format', async () => {
    const captures = variedCaptures();
    const waiting = captures.filter((c) => ['queued', 'delivering'].includes(c.status));
    expect(waiting.length).toBeGreaterThan(0);
    await seed(db, captures, variedSyncLog(captures));
    const before = Object.fromEntries(
      await Promise.all(EXPORT_FORMATS.map(async (f) => [f, await exportText(f)] as const)),
    );

    await deleteAllLocalData(db);
    expect(await db.captures.count()).toBe(0);
    expect(await db.syncLog.count()).toBe(0);

    const result = await importExport(db, file(before.json!));
    expect(result).toEqual({
      ok: true,
      value: {
        added: 5,
        updated: 0,
        unchanged: 0,
        syncLogAdded: 3,
        syncLogSkipped: 0,
        asDrafts: waiting.length,
        refused: [],
      },
    });
    // The stored records come back whole, local fields included; those that were waiting to be
    // sent come back as drafts, which is all an export → import changes.
    const expected = captures.map((c) =>
      waiting.includes(c)
        ? {
            ...c,
            status: 'draft',
            intent: 'submit',
            nextAttemptAt: undefined,
            lastError: undefined,
          }
        : c,
    );
    const stored = await db.captures.orderBy('id').toArray();
    expect(stored).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
    await deleteAllLocalData(db);
    await seed(db, expected as Capture[], variedSyncLog(captures));
    const reseeded = Object.fromEntries(
      await Promise.all(EXPORT_FORMATS.map(async (f) => [f, await exportText(f)] as const)),
    );
    await deleteAllLocalData(db);
    await importExport(db, file(before.json!));
    for (const format of EXPORT_FORMATS) expect(await exportText(format)).toBe(reseeded[format]);
  });

  test('importing the same file twice duplicates nothing', async () => {
    const captures = variedCaptures();
    await seed(db, captures, variedSyncLog(captures));
    const text = await exportText();
    const result = await importExport(db, file(text));
    expect(result).toEqual({
      ok: true,
      value: {
        added: 0,
        updated: 0,
        unchanged: 5,
        syncLogAdded: 0,
        syncLogSkipped: 3,
        asDrafts: 0,
        refused: [],
      },
    });
    expect(await db.captures.count()).toBe(5);
    expect(await db.syncLog.count()).toBe(3);
    expect(await exportText()).toBe(text);
  });
});

describe('merge by revision', () => {
  function exportOf(captures: Capture[]): string {
    return JSON.stringify({
      format: 'sourced-export',
      version: 1,
      exportedAt: NOW.toISOString(),
      client: { name: 'sourced', version: '0.1.0' },
      captures,
      syncLog: [],
    });
  }

  test('a newer revision replaces, an older one is ignored, a new id is added', async () => {
    const here = capture({ revision: 2, updatedAt: '2026-05-21T00:00:00.000Z' });
    const older = capture({ revision: 3 });
    await seed(db, [here, older]);
    const incoming = [
      { ...here, revision: 1, outcome: { ...here.outcome, note: 'older copy' } },
      { ...older, revision: 4, outcome: { ...older.outcome, note: 'newer copy' } },
      capture(),
    ];
    const result = await importExport(db, file(exportOf(incoming)));
    expect(result).toEqual({
      ok: true,
      value: {
        added: 1,
        updated: 1,
        unchanged: 1,
        syncLogAdded: 0,
        syncLogSkipped: 0,
        asDrafts: 0,
        refused: [],
      },
    });
    expect((await db.captures.get(here.id))?.outcome.note).toBe(here.outcome.note);
    expect(await db.captures.get(older.id)).toMatchObject({
      revision: 4,
      outcome: { note: 'newer copy' },
    });
    expect(await db.captures.count()).toBe(3);
    expect(result.ok && describeImport(result.value)).toBe(
      'Imported: 1 new capture, 1 updated, 1 already up to date; 0 sync log entries added.',
    );
  });

  test('for one revision, the copy changed last wins', async () => {
    const here = capture({ status: 'queued', updatedAt: '2026-05-20T12:00:00.000Z' });
    await seed(db, [here]);
    const deliveredElsewhere = {
      ...here,
      status: 'delivered' as const,
      deliveredAt: '2026-05-20T13:00:00.000Z',
      deliveredRevision: 1,
      updatedAt: '2026-05-20T13:00:00.000Z',
    };
    await importExport(db, file(exportOf([deliveredElsewhere])));
    expect(await db.captures.get(here.id)).toMatchObject({ status: 'delivered' });
  });

  test('captures waiting to be sent in the file come in as drafts: an import delivers nothing', async () => {
    const delivered = capture({
      status: 'delivered',
      deliveredRevision: 1,
      deliveredAt: '2026-05-20T13:00:00.000Z',
    });
    await seed(db, [delivered]);
    const incoming = [
      // A queued revision 2 of the delivered capture, by the same employee.
      {
        ...delivered,
        revision: 2,
        status: 'queued' as const,
        outcome: { ...delivered.outcome, note: 'from the file' },
      },
      capture({ status: 'queued' }, true),
      capture({ status: 'delivering', attempts: 1 }, true),
      capture({ status: 'queued', intent: 'withdraw', deliveredRevision: 1 }, true),
      // Failed is not sent without a click: it keeps its status and the endpoint's reason.
      capture({ status: 'failed', attempts: 2, lastError: 'rejected (400): bad' }, true),
    ];
    const result = await importExport(db, file(exportOf(incoming)));
    expect(result).toMatchObject({ ok: true, value: { added: 4, updated: 1, asDrafts: 4 } });
    const stored = await db.captures.bulkGet(incoming.map((c) => c.id));
    expect(stored.map((c) => c?.status)).toEqual([...Array(4).fill('draft'), 'failed']);
    expect(stored.slice(0, 4).every((c) => c?.intent === 'submit' && !c.nextAttemptAt)).toBe(true);
    expect(stored[4]).toMatchObject({ lastError: 'rejected (400): bad' });
    expect(await db.captures.get(delivered.id)).toMatchObject({
      revision: 2,
      deliveredRevision: 1,
      outcome: { note: 'from the file' },
    });
    expect(result.ok && describeImport(result.value)).toBe(
      'Imported: 4 new captures, 1 updated, 0 already up to date; 0 sync log entries added. ' +
        '4 captures were waiting to be sent in the file and came in as drafts: submit them from the popup.',
    );
  });

  test('an import never changes the employee of a capture already here; the rest imports', async () => {
    const mine = capture({
      status: 'delivered',
      deliveredRevision: 1,
      employee: { name: 'Ada Example', email: 'ada@example.com' },
    });
    await seed(db, [mine]);
    const hijack = {
      ...mine,
      revision: 2,
      status: 'queued' as const,
      employee: { name: 'Mallory Example', email: 'mallory@example.com' },
      outcome: { ...mine.outcome, note: 'replaced' },
    };
    // The same person, the email written in another case, is still the same employee.
    const other = capture({ employee: { name: 'Ada Example', email: 'ada@example.com' } });
    await seed(db, [other]);
    const sameOwner = {
      ...other,
      revision: 2,
      employee: { name: 'Ada E.', email: 'ADA@example.com' },
    };
    const fresh = capture();
    const result = await importExport(db, file(exportOf([hijack, sameOwner, fresh])));
    expect(result).toMatchObject({
      ok: true,
      value: {
        added: 1,
        updated: 1,
        refused: [{ id: mine.id, reason: expect.stringContaining('under another employee') }],
      },
    });
    expect(await db.captures.get(mine.id)).toEqual(mine);
    expect(await db.captures.get(other.id)).toMatchObject({ revision: 2 });
    expect(await db.captures.get(fresh.id)).toBeDefined();
    expect(result.ok && describeImport(result.value)).toContain(
      `Not imported (1): Capture ${mine.id} is already here under another employee`,
    );
  });

  test('an export holding only the contract fields imports, with local fields derived', async () => {
    const full = capture({ status: 'withdrawn', intent: 'withdraw' });
    const { intent: _i, updatedAt: _u, postKey: _p, ...contractOnly } = full;
    const result = await importExport(db, file(exportOf([contractOnly as Capture])));
    expect(result.ok).toBe(true);
    expect(await db.captures.get(full.id)).toMatchObject({
      intent: 'withdraw',
      updatedAt: full.capturedAt,
      postKey: full.post.id,
    });
  });
});

describe('refused imports change nothing', () => {
  let valid: string;
  beforeEach(async () => {
    const captures = variedCaptures();
    await seed(db, captures.slice(0, 2), variedSyncLog(captures).slice(0, 1));
    // A valid export of other captures, to alter in each case.
    const other = openDatabase(`other-${Math.random()}`);
    await seed(other, [capture(), capture()], variedSyncLog(captures));
    const sink = stringSink();
    await runExport(other, 'json', sink, { clientVersion: '0.1.0', now: NOW });
    valid = sink.text();
    other.close();
    await Dexie.delete(other.name);
  });

  const cases: [string, () => string | Blob, RegExp][] = [
    ['an empty file', () => '', /empty/],
    [
      'a truncated export',
      () => valid.slice(0, Math.floor(valid.length / 2)),
      /incomplete or damaged/,
    ],
    [
      'a file that is not JSON',
      () => 'id,status\n1,draft\n',
      /not a Sourced export: the file is not JSON/,
    ],
    ['a CSV export', () => '\uFEFFid,revision\r\n', /not JSON/],
    [
      'some other JSON',
      () => '{"name":"left-pad","version":"1.3.0"}',
      /not a Sourced export: "format"/,
    ],
    ['a JSON array', () => '[1,2,3]', /no export envelope/],
    [
      'an NDJSON export',
      () => '{"kind":"capture","id":"x"}\n{"kind":"syncLog"}\n',
      /NDJSON export; import the JSON export/,
    ],
    [
      'an export from a newer Sourced',
      () => valid.replace('"version":1', '"version":2'),
      /newer Sourced/,
    ],
    [
      'an unknown version',
      () => valid.replace('"version":1', '"version":"1"'),
      /unknown format version/,
    ],
    [
      'a capture that does not pass the schema',
      () => valid.replace('"type":"deal"', '"type":"bribe"'),
      /captures\[0\]\.outcome\.type/,
    ],
    [
      'a capture with a javascript: link',
      () =>
        valid.replace(/"url":"https:\/\/www\.linkedin\.com[^"]*"/, '"url":"javascript:alert(1)"'),
      /captures\[0\]\.post\.url/,
    ],
    [
      'a sync log entry that does not pass the schema',
      () => valid.replace('"result":"delivered"', '"result":"maybe"'),
      /syncLog\[0\]\.result/,
    ],
    [
      'a file listing one capture twice',
      () => {
        const parsed = JSON.parse(valid);
        parsed.captures.push(parsed.captures[0]);
        return JSON.stringify(parsed);
      },
      /twice/,
    ],
    ['a file over 50 MB', () => new Blob([new Uint8Array(MAX_IMPORT_BYTES + 1)]), /50\.0 MB/],
  ];

  test.each(cases)('%s', async (_name, make, message) => {
    const before = await snapshot();
    const made = make();
    const result = await importExport(db, typeof made === 'string' ? file(made) : made);
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toMatch(message);
    expect((result as { error: string }).error).toMatch(/Nothing was imported/);
    expect(await snapshot()).toEqual(before);
  });

  test('text over 50 MB is refused before it is parsed', () => {
    const text = ' '.repeat(MAX_IMPORT_BYTES + 1);
    const parse = vi.spyOn(JSON, 'parse');
    const result = parseExport(text);
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: string }).error).toMatch(/up to 50\.0 MB/);
    expect(parse).not.toHaveBeenCalled();
  });

  test('a write that fails half way leaves nothing behind (one transaction)', async () => {
    const before = await snapshot();
    vi.spyOn(db.syncLog, 'bulkAdd').mockRejectedValue(
      Object.assign(new Error('disk full'), { name: 'QuotaExceededError' }),
    );
    const result = await importExport(db, file(valid));
    expect(result).toMatchObject({ ok: false });
    expect((result as { error: string }).error).toMatch(/no storage space left/);
    expect(await snapshot()).toEqual(before);
  });
});

// @vitest-environment happy-dom
import Dexie from 'dexie';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OptionsApp } from '../../components/OptionsApp';
import { exportFilter, startOfLocalDay } from '../../components/options/ExportPanel';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { BOM } from '../../lib/export/csv';
import { seed, variedCaptures, variedSyncLog } from './export-fixtures';
import { byTestId, choose, click, fakeServices, type, waitFor } from './options-helpers';

let db: SourcedDatabase;
let root: HTMLElement;
let services: ReturnType<typeof fakeServices>;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openDatabase(`options-data-${Math.random()}`);
  const captures = variedCaptures();
  await seed(db, captures, variedSyncLog(captures));
  services = fakeServices(db);
  root = document.createElement('div');
  document.body.append(root);
  render(<OptionsApp services={services} />, root);
  await waitFor(() => byTestId(root, 'export-json'));
});
afterEach(async () => {
  render(null, root);
  root.remove();
  db.close();
  await Dexie.delete(db.name);
});

async function downloaded(
  index = 0,
): Promise<{ name: string; text: string; type: string; bytes: Uint8Array }> {
  const [blob, name] = await waitFor(() => {
    const call = services.download.mock.calls[index];
    if (!call) throw new Error('no download yet');
    return call;
  });
  return {
    name,
    type: blob.type,
    text: await blob.text(),
    bytes: new Uint8Array(await blob.arrayBuffer()),
  };
}

describe('export', () => {
  test('each button downloads its format, named with the date, and says what it wrote', async () => {
    const today = new Date().toISOString(); // checked below against the local date in the name
    click(root, 'export-json');
    const json = await downloaded(0);
    expect(json.name).toMatch(/^sourced-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(json.name.slice(15, 25)).toBe(
      new Date(today).toLocaleDateString('sv-SE'), // YYYY-MM-DD in the local zone
    );
    expect(json.type).toBe('application/json');
    const parsed = JSON.parse(json.text);
    expect(parsed.captures).toHaveLength(5);
    expect(parsed.syncLog).toHaveLength(3);
    await waitFor(() =>
      expect(byTestId(root, 'export-result').textContent).toBe(
        `Exported 5 captures and 3 sync log entries to ${json.name}.`,
      ),
    );

    click(root, 'export-csv');
    const csv = await downloaded(1);
    expect(csv.name).toMatch(/\.csv$/);
    // UTF-8 with a byte order mark (Blob.text() drops it when decoding, the bytes keep it).
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes).startsWith(BOM)).toBe(
      true,
    );
    expect(csv.text.trimEnd().split('\r\n').length).toBeGreaterThanOrEqual(6);

    click(root, 'export-ndjson');
    const ndjson = await downloaded(2);
    expect(ndjson.name).toMatch(/\.ndjson$/);
    expect(ndjson.text.trimEnd().split('\n')).toHaveLength(8);
  });

  test('the status and date filters reach the export', async () => {
    choose(root, 'export-status', 'failed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    click(root, 'export-json');
    const parsed = JSON.parse((await downloaded()).text);
    expect(parsed.captures.map((c: { status: string }) => c.status)).toEqual(['failed']);
  });

  test('a start date after the end date is refused', async () => {
    type(root, 'export-from', '2026-05-21');
    type(root, 'export-to', '2026-05-20');
    await new Promise((resolve) => setTimeout(resolve, 0));
    click(root, 'export-csv');
    await waitFor(() =>
      expect(byTestId(root, 'export-result').textContent).toContain('start date is after'),
    );
    expect(services.download).not.toHaveBeenCalled();
  });

  test('dates are whole local days, both ends included', () => {
    expect(startOfLocalDay('2026-05-20')).toBe(new Date(2026, 4, 20).toISOString());
    expect(startOfLocalDay('not a date')).toBeUndefined();
    expect(exportFilter('2026-05-20', '2026-05-20', 'all')).toEqual({
      from: new Date(2026, 4, 20).toISOString(),
      to: new Date(2026, 4, 21).toISOString(),
      statuses: undefined,
    });
    expect(exportFilter('', '', 'queued')).toEqual({
      from: undefined,
      to: undefined,
      statuses: ['queued'],
    });
  });
});

describe('import', () => {
  function choose(file: File) {
    const input = byTestId<HTMLInputElement>(root, 'import-file');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  test('imports a JSON export and says what changed', async () => {
    click(root, 'export-json');
    const { text } = await downloaded();
    await db.captures.clear();
    choose(new File([text], 'backup.json', { type: 'application/json' }));
    const result = await waitFor(() => {
      const el = byTestId(root, 'import-result');
      if (el.getAttribute('data-state') === 'busy') throw new Error('busy');
      return el;
    });
    expect(result.getAttribute('data-state')).toBe('done');
    expect(result.textContent).toBe(
      'Imported: 5 new captures, 0 updated, 0 already up to date; 0 sync log entries added. ' +
        // The fixtures' queued capture: an import sends nothing by itself.
        '1 capture was waiting to be sent in the file and came in as draft: submit it from the popup.',
    );
    expect(await db.captures.count()).toBe(5);
    expect(services.background.deps.capturesWritten).toHaveBeenCalled();
  });

  test('a foreign file gets a clear error and changes nothing', async () => {
    choose(new File(['{"hello":"world"}'], 'other.json'));
    const result = await waitFor(() => {
      const el = byTestId(root, 'import-result');
      if (el.getAttribute('data-state') !== 'error') throw new Error('not yet');
      return el;
    });
    expect(result.textContent).toContain('This is not a Sourced export');
    expect(result.getAttribute('role')).toBe('alert');
    expect(await db.captures.count()).toBe(5);
  });
});

describe('sync log', () => {
  test('names each capture by its author and post; the event id is a detail', async () => {
    const captures = await db.captures.toArray();
    const logged = (await db.syncLog.toArray()).find((e) => e.result === 'rejected')!;
    const capture = captures.find((c) => c.id === logged.captureId)!;
    const row = await waitFor(() => {
      const found = root.querySelector<HTMLElement>(
        '[data-testid="sync-log-row"][data-result="rejected"]',
      );
      expect(found?.textContent).toContain('’s ');
      return found!;
    });
    const author = capture.post.author.name ?? capture.post.author.handle!;
    const cell = row.querySelectorAll('td')[3]!;
    expect(cell.textContent).toContain(`${author}’s`);
    expect(cell.querySelector('details summary')?.textContent).toBe('Event id');
    expect(cell.querySelector('details .mono')?.textContent).toBe(logged.eventId);
    expect(
      root.querySelector('[data-testid="sync-log-row"][data-result="test"] td:nth-child(4)')
        ?.textContent,
    ).toContain('Test event');
    // Found by the words it is shown with (the test event has no author: it goes).
    type(root, 'sync-log-search', author.toUpperCase());
    await waitFor(() => {
      const results = [...root.querySelectorAll('[data-testid="sync-log-row"]')].map((r) =>
        r.getAttribute('data-result'),
      );
      expect(results).toContain('rejected');
      expect(results).not.toContain('test');
    });
  });

  const rows = () =>
    [...root.querySelectorAll('[data-testid="sync-log-row"]')].map((r) =>
      r.getAttribute('data-result'),
    );

  test('lists attempts newest first, filtered by result or text', async () => {
    await waitFor(() => expect(rows()).toEqual(['test', 'rejected', 'delivered']));
    choose(root, 'sync-log-filter', 'failures');
    await waitFor(() => expect(rows()).toEqual(['rejected']));
    choose(root, 'sync-log-filter', 'all');
    type(root, 'sync-log-search', 'could not CONNECT');
    await waitFor(() => expect(rows()).toEqual(['test']));
    type(root, 'sync-log-search', 'nothing like this');
    await waitFor(() => expect(rows()).toEqual([]));
    expect(byTestId(root, 'sync-log').closest('section')!.textContent).toContain(
      'No attempt matches',
    );
  });

  test('follows the database live and pages older attempts', async () => {
    await db.syncLog.bulkAdd(
      Array.from({ length: 60 }, (_, i) => ({
        at: new Date(Date.UTC(2026, 5, 1, 0, i)).toISOString(),
        eventId: `evt-${i}`,
        url: 'https://recognition.example.com/sourced',
        status: 200,
        result: 'delivered' as const,
        durationMs: 10,
      })),
    );
    await waitFor(() => expect(rows()).toHaveLength(50));
    expect(root.querySelector('[data-testid="sync-log-row"] .mono')?.textContent).toBe('evt-59');
    click(root, 'sync-log-more');
    await waitFor(() => expect(rows()).toHaveLength(63));
    expect(root.querySelector('[data-testid="sync-log-more"]')).toBeNull();
  });
});

/**
 * `npm run bench` (or `npx tsx bench/export.ts [--count 100000] [--where auto|chromium|node|both]
 * [--page 1000]`): the time and peak memory of exporting 100,000 captures (plus a sync log of
 * 50,000 entries) in each format, and of a tenth of that: if memory followed the data set, the
 * smaller export would need a tenth of it.
 *
 * - chromium (the default when Chromium and the e2e build are there, `npm run build:e2e`): the
 *   built options page, its Export buttons clicked, timed to the browser's download. Memory is
 *   the page's JavaScript heap, sampled through the DevTools Protocol; the database lives in the
 *   browser's IndexedDB, outside that heap.
 * - node: the same exporter (lib/export/run-export.ts) in Node against fake-indexeddb, into a
 *   file. The database lives in the same heap there, so memory is measured above the heap
 *   before the export, with a full collection every 10 pages (sampled just before it).
 *   fake-indexeddb is far slower than a browser's IndexedDB: those times are an upper bound.
 *
 * "Longest stall" is the longest time the event loop (the page) was blocked: what a user would
 * feel as a freeze.
 */
import 'fake-indexeddb/auto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import Dexie from 'dexie';
import type { Page } from 'playwright-core';
import { CaptureSchema, type Capture } from '../lib/capture';
import { openDatabase, type SourcedDatabase } from '../lib/db/database';
import { DEFAULT_PAGE_SIZE } from '../lib/export/pages';
import { EXPORT_FORMATS, runExport, type ExportFormat } from '../lib/export/run-export';
import type { SyncLogEntry } from '../lib/sync-log';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const START = Date.UTC(2025, 0, 1);
const LOREM =
  'Our team finally shipped the integration our customers kept asking for — thanks to everyone ' +
  'who tested it, filed bugs, and argued about naming with us. Café crème, naïve façade, 日本語, ' +
  'and a few emoji 🎉🚀 so that every byte width shows up. More details in the thread below, ' +
  'and yes: the migration guide is done.';

/** A realistic capture: full post, outcome with value and note, identity, some delivered. */
export function makeCapture(i: number): Capture {
  const at = new Date(START + i * 37_000).toISOString();
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const post = `urn:li:activity:${7400000000000000000n + BigInt(i)}`;
  const delivered = i % 3 === 0;
  return CaptureSchema.parse({
    id,
    revision: 1 + (i % 2),
    platform: i % 4 === 0 ? 'x' : 'linkedin',
    post: {
      id: post,
      url: `https://www.linkedin.com/feed/update/${post}/`,
      kind: 'post',
      author: {
        name: `Author ${i}`,
        handle: `in/author-${i}`,
        url: `https://www.linkedin.com/in/author-${i}/`,
      },
      postedAt: at,
      excerpt: LOREM.slice(0, 279) + '…',
      textSha256: 'ab'.repeat(32),
    },
    outcome: {
      type: 'deal',
      stage: 'won',
      value: { amount: 1000 + (i % 50_000), currency: 'EUR' },
      crmRef: `CRM-${i}`,
      note: i % 10 === 0 ? '=SUM(A1:A9), "quoted", and a\nsecond line' : 'Met the buyer here.',
    },
    employee: {
      name: 'Ada Example',
      email: 'ada@example.com',
      employeeId: 'E-1024',
      team: 'Sales',
    },
    capturedAt: at,
    submittedAt: at,
    client: { name: 'sourced', version: '0.1.0' },
    status: delivered ? 'delivered' : 'queued',
    intent: 'submit',
    attempts: delivered ? 1 : 0,
    deliveredAt: delivered ? at : undefined,
    deliveredRevision: delivered ? 1 + (i % 2) : undefined,
    receipt: delivered ? { id: `rcpt_${i}` } : undefined,
    updatedAt: at,
    postKey: post,
  });
}

export function makeLogEntry(i: number, capture: Capture): SyncLogEntry {
  return {
    at: capture.capturedAt,
    captureId: capture.id,
    eventId: `${capture.id}.${capture.revision}`,
    url: 'https://recognition.example.com/sourced',
    status: i % 5 === 0 ? 503 : 200,
    result: i % 5 === 0 ? 'retry' : 'delivered',
    durationMs: 120,
    error: i % 5 === 0 ? 'server error (503), will retry' : undefined,
  };
}

async function seed(db: SourcedDatabase, count: number): Promise<void> {
  const batch = 5000;
  for (let start = 0; start < count; start += batch) {
    const captures = Array.from({ length: Math.min(batch, count - start) }, (_, k) =>
      makeCapture(start + k),
    );
    await db.captures.bulkAdd(captures);
    // One delivery attempt for every other capture: a sync log half the size of the captures.
    await db.syncLog.bulkAdd(
      captures.filter((_, k) => (start + k) % 2 === 0).map((c, k) => makeLogEntry(start + k, c)),
    );
  }
}

/** A sink that writes to a file and waits when the file stream's buffer is full. */
function fileSink(file: string) {
  const stream = fs.createWriteStream(file);
  return {
    async write(chunk: string) {
      if (chunk && !stream.write(chunk)) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };
}

export interface ExportBenchResult {
  format: ExportFormat;
  captures: number;
  syncLog: number;
  seconds: number;
  fileMB: number;
  /** Highest heap in use above the baseline (Node: with a full GC every 10 pages). */
  peakHeapMB: number;
  /** Same, left to V8's own (lazy) collection: includes garbage not yet collected. */
  peakHeapNoForcedGcMB: number;
  longestStallMs: number;
}

interface Pass {
  seconds: number;
  counts: { captures: number; syncLog: number };
  fileMB: number;
  peak: number;
  longestStallMs: number;
}

/** Pages between the full collections of the memory pass. */
const GC_EVERY = 10;

/**
 * One export into a temporary file. With `gcEachPage`, a full collection runs every GC_EVERY
 * pages and the heap is sampled just before it: what is in use then is the baseline, whatever
 * the export keeps, and at most GC_EVERY pages of records and text, live or garbage.
 */
async function pass(
  db: SourcedDatabase,
  format: ExportFormat,
  pageSize: number,
  gcEachPage: boolean,
): Promise<Pass> {
  const file = path.join(os.tmpdir(), `sourced-bench-export-${process.pid}.${format}`);
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 5);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const sink = fileSink(file);
  let pages = 0;
  const started = performance.now();
  const counts = await runExport(db, format, sink, {
    clientVersion: '0.1.0',
    pageSize,
    onProgress: () => {
      sample();
      if (gcEachPage && ++pages % GC_EVERY === 0) gc();
    },
  });
  await sink.close();
  const seconds = (performance.now() - started) / 1000;
  loop.disable();
  clearInterval(sampler);
  sample();
  const fileMB = fs.statSync(file).size / MB;
  fs.rmSync(file, { force: true });
  return { seconds, counts, fileMB, peak: (peak - baseline) / MB, longestStallMs: loop.max / 1e6 };
}

async function measure(
  db: SourcedDatabase,
  format: ExportFormat,
  pageSize: number,
): Promise<ExportBenchResult> {
  const timed = await pass(db, format, pageSize, false);
  const bounded = await pass(db, format, pageSize, true);
  return {
    format,
    ...timed.counts,
    seconds: timed.seconds,
    fileMB: timed.fileMB,
    peakHeapMB: bounded.peak,
    peakHeapNoForcedGcMB: timed.peak,
    longestStallMs: timed.longestStallMs,
  };
}

function print(results: ExportBenchResult[]): void {
  const rows = results.map((r) => ({
    format: r.format,
    captures: r.captures.toLocaleString('en'),
    'sync log': r.syncLog.toLocaleString('en'),
    'time (s)': r.seconds.toFixed(2),
    'file (MB)': r.fileMB.toFixed(1),
    'peak heap (MB)': r.peakHeapMB.toFixed(1),
    'peak heap, lazy GC (MB)': r.peakHeapNoForcedGcMB.toFixed(1),
    'longest stall (ms)': r.longestStallMs.toFixed(0),
  }));
  console.table(rows);
  console.log(
    'time: export into a file, V8 collecting as it likes. peak heap: heap in use above the ' +
      `baseline, with a full GC every ${GC_EVERY} pages; lazy GC: the same without forced ` +
      'collections, garbage included. longest stall: event loop blocked.',
  );
}

async function nodeBench(count: number, pageSize: number): Promise<ExportBenchResult[]> {
  const results: ExportBenchResult[] = [];
  console.log(
    `\nNode ${process.version}, fake-indexeddb, pages of ${pageSize}: ` +
      `${count.toLocaleString('en')} captures, and a tenth of them for comparison.`,
  );
  for (const size of sizes(count)) {
    const db = openDatabase(`sourced-bench-export-${size}-${process.pid}`);
    const seeded = performance.now();
    await seed(db, size);
    console.log(
      `seeded ${size.toLocaleString('en')} captures in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    for (const format of EXPORT_FORMATS) results.push(await measure(db, format, pageSize));
    db.close();
    await Dexie.delete(db.name);
  }
  print(results);
  return results;
}

const sizes = (count: number) => [Math.max(1, Math.round(count / 10)), count];

/**
 * The real thing: the built extension's options page in Chromium, its Export buttons clicked,
 * timed until the browser's download starts. Memory is the page's JavaScript heap (the database
 * lives in the browser's IndexedDB, not in that heap), sampled every 20 ms through the DevTools
 * Protocol after a full collection as baseline; V8 collects as it likes meanwhile, so garbage is
 * included. The longest stall is the longest "long task" the page itself reported.
 */
async function chromiumBench(count: number): Promise<ExportBenchResult[]> {
  let harness: typeof import('../tests/e2e/harness');
  let session: Awaited<ReturnType<typeof harness.launch>>;
  try {
    harness = await import('../tests/e2e/harness');
    session = await harness.launch();
  } catch (error) {
    console.log(`\nChromium: skipped (${(error as Error).message})`);
    return [];
  }
  const results: ExportBenchResult[] = [];
  console.log(
    `\nChromium (${harness.chromiumPath()}), the built options page: ` +
      `${count.toLocaleString('en')} captures, and a tenth of them for comparison.`,
  );
  try {
    for (const size of sizes(count)) {
      const page = await session.options();
      await page.getByTestId('employee-name').waitFor();
      const seeded = performance.now();
      for (let start = 0; start < size; start += 5000) {
        const captures = Array.from({ length: Math.min(5000, size - start) }, (_, k) =>
          makeCapture(start + k),
        );
        await putJson(page, 'captures', captures);
        await putJson(
          page,
          'syncLog',
          captures
            .filter((_, k) => (start + k) % 2 === 0)
            .map((c, k) => makeLogEntry(start + k, c)),
        );
      }
      console.log(
        `seeded ${size.toLocaleString('en')} captures in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
      );
      await page.reload();
      await page.getByTestId('export-json').waitFor();
      const cdp = await session.context.newCDPSession(page);
      for (const format of EXPORT_FORMATS) {
        await page.evaluate(() => {
          const state = globalThis as unknown as { longestTask: number };
          state.longestTask = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              state.longestTask = Math.max(state.longestTask, entry.duration);
            }
          }).observe({ type: 'longtask' });
        });
        await cdp.send('HeapProfiler.collectGarbage');
        const baseline = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        let peak = baseline;
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        })();
        const started = performance.now();
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 600_000 }),
          page.getByTestId(`export-${format}`).click(),
        ]);
        const seconds = (performance.now() - started) / 1000;
        sampling = false;
        await sampler;
        const file = await download.path();
        const fileMB = fs.statSync(file).size / MB;
        await download.delete();
        const summary = (await page.getByTestId('export-result').textContent()) ?? '';
        const numbers = [...summary.matchAll(/([\d,]+) (captures|sync log)/g)].map((m) =>
          Number(m[1]!.replaceAll(',', '')),
        );
        const longestTask = await page.evaluate(
          () => (globalThis as unknown as { longestTask: number }).longestTask,
        );
        results.push({
          format,
          captures: numbers[0] ?? NaN,
          syncLog: numbers[1] ?? 0,
          seconds,
          fileMB,
          peakHeapMB: (peak - baseline) / MB,
          peakHeapNoForcedGcMB: (peak - baseline) / MB,
          longestStallMs: longestTask,
        });
      }
      await cdp.detach();
      // Empty the database for the next size, through the page's own button.
      await page.getByTestId('delete-all-data').click();
      await page.getByTestId('delete-all-confirm').click();
      await page.getByTestId('delete-all-result').waitFor();
      await page.close();
    }
  } finally {
    await session.close();
  }
  console.table(
    results.map((r) => ({
      format: r.format,
      captures: r.captures.toLocaleString('en'),
      'sync log': r.syncLog.toLocaleString('en'),
      'time to download (s)': r.seconds.toFixed(2),
      'file (MB)': r.fileMB.toFixed(1),
      'peak page heap (MB)': r.peakHeapMB.toFixed(1),
      'longest task (ms)': r.longestStallMs.toFixed(0),
    })),
  );
  console.log(
    "time: click to download; peak page heap: the options page's JS heap above its baseline " +
      "(garbage included); longest task: the page's longest uninterrupted task.",
  );
  return results;
}

/**
 * Put records into a store of the extension's database from one of its pages. The records go
 * over as one JSON string: Playwright's own argument serialisation takes minutes for 100,000.
 */
export async function putJson(page: Page, store: string, records: unknown[]): Promise<void> {
  await page.evaluate(
    ([store, json]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sourced');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          for (const record of JSON.parse(json) as unknown[]) tx.objectStore(store).put(record);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [store, JSON.stringify(records)] as const,
  );
}

export type BenchTarget = 'auto' | 'node' | 'chromium' | 'both';

export async function main(
  options: { count?: number; pageSize?: number; where?: BenchTarget } = {},
): Promise<{ node: ExportBenchResult[]; chromium: ExportBenchResult[] }> {
  const count = options.count ?? 100_000;
  const where = options.where ?? 'auto';
  console.log('Export benchmark: time and peak memory of an export in each format.');
  const chromium = where === 'node' ? [] : await chromiumBench(count);
  // `auto` falls back to Node only when Chromium or the e2e build is missing.
  const runNode = where === 'node' || where === 'both' || (where === 'auto' && !chromium.length);
  const node = runNode ? await nodeBench(count, options.pageSize ?? DEFAULT_PAGE_SIZE) : [];
  return { node, chromium };
}

const invoked =
  process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, page: { type: 'string' }, where: { type: 'string' } },
  });
  await main({
    count: values.count ? Number(values.count) : undefined,
    pageSize: values.page ? Number(values.page) : undefined,
    where: values.where as BenchTarget | undefined,
  });
}

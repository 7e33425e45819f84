/**
 * Where the popup's first screen spends its time: a DevTools trace of one open of popup.html and
 * one of the plain popup (bench/plain-popup/), with the database seeded as bench/popup.ts does,
 * printed as a timeline of the page's main thread from navigation start to its first-rows mark
 * (tasks, the script compiled and evaluated in them, layout and paint), then the resources it
 * fetched. A tool for finding what to take out, not a benchmark: prints, asserts nothing.
 * Run: npm run build:e2e && npx tsx bench/profile-popup.ts [captures=10000] [opens=3]
 */
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import type { TraceEvent } from './browser';
import { captureTemplates, seed } from './popup';
import { EXTENSION_DIR, launch, type Session } from '../tests/e2e/harness';

const PLAIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'plain-popup');
const PLAIN_FILES = ['plain-popup.html', 'plain-popup.js'];

/** Children of a task worth a line: what the page ran, compiled, laid out or painted. */
const SHOWN = new Set([
  'ParseHTML',
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.produceModuleCache',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'EventDispatch',
  'UpdateLayoutTree',
  'ParseAuthorStyleSheet',
  'Layout',
  'Paint',
  'PrePaint',
  'Commit',
  'RunMicrotasks',
  'ResourceReceiveResponse',
  'ResourceFinish',
]);

/** bench/browser.ts's trace, with the page's performance marks (blink.user_timing) in it. */
async function collectTrace(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing,v8',
    transferMode: 'ReportEvents',
  });
  await during();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

interface Timed {
  page: string;
  mark: string;
  markMs: number;
  events: TraceEvent[];
  resources: { name: string; startTime: number; responseEnd: number }[];
}

async function traced(session: Session, file: string, mark: string): Promise<Timed> {
  const page = await session.context.newPage();
  try {
    const cdp = await session.context.newCDPSession(page);
    let markMs = 0;
    let resources: Timed['resources'] = [];
    const events = await collectTrace(cdp, async () => {
      await page.goto(`chrome-extension://${session.extensionId}/${file}`);
      await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, mark, {
        timeout: 30_000,
        polling: 5,
      });
      await page.waitForTimeout(300);
      [markMs, resources] = await page.evaluate((name) => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return [
          performance.getEntriesByName(name)[0]!.startTime,
          entries.map((e) => ({
            name: e.name.split('/').pop()!,
            startTime: e.startTime,
            responseEnd: e.responseEnd,
          })),
        ] as const;
      }, mark);
    });
    return { page: file, mark, markMs, events, resources };
  } finally {
    await page.close();
  }
}

function print({ page, mark, markMs, events, resources }: Timed): void {
  // The mark is in the trace too: it anchors the page's clock (0 = navigation start) to the trace.
  const markEvent = events.find((e) => e.name === mark);
  if (!markEvent) {
    console.log(`${page}: no "${mark}" in the trace`);
    return;
  }
  const origin = markEvent.ts - markMs * 1000;
  const sameThread = (e: TraceEvent) => e.pid === markEvent.pid && e.tid === markEvent.tid;
  const at = (ts: number) => ((ts - origin) / 1000).toFixed(1).padStart(7);
  const ends = markEvent.ts;
  const tasks = events
    .filter((e) => sameThread(e) && e.ph === 'X' && e.name === 'RunTask' && e.dur! > 0)
    .filter((e) => e.ts + e.dur! >= origin - 50_000 && e.ts <= ends)
    .sort((a, b) => a.ts - b.ts);
  console.log(`\n${page}: "${mark}" at ${markMs.toFixed(1)} ms after navigation start`);
  let busy = 0;
  for (const task of tasks) {
    const within = (e: TraceEvent) =>
      sameThread(e) && e.ts >= task.ts && e.ts < task.ts + task.dur! && e !== task;
    busy += task.dur! / 1000;
    console.log(`${at(task.ts)} ms  task ${(task.dur! / 1000).toFixed(2)} ms`);
    for (const e of events
      .filter((e) => within(e) && SHOWN.has(e.name))
      .sort((a, b) => a.ts - b.ts)) {
      if ((e.dur ?? 0) < 200 && e.ph === 'X') continue;
      const data = e.args?.data as { url?: string; functionName?: string } | undefined;
      const what = data?.url?.split('/').pop() ?? data?.functionName ?? '';
      console.log(
        `${at(e.ts)} ms      ${e.name} ${e.dur ? `${(e.dur / 1000).toFixed(2)} ms` : ''} ${what}`,
      );
    }
  }
  console.log(`main thread busy in these tasks: ${busy.toFixed(1)} ms of ${markMs.toFixed(1)} ms`);
  console.table(
    resources.map((r) => ({
      resource: r.name,
      'requested (ms)': +r.startTime.toFixed(1),
      'received (ms)': +r.responseEnd.toFixed(1),
    })),
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/**
 * A sampled CPU profile (50 µs) of one open of popup.html up to its first rows, self time summed
 * per function. The page starts on another page of the extension (same renderer process), so the
 * profiler runs before the popup's first byte.
 */
async function profiled(session: Session): Promise<void> {
  const page = await session.context.newPage();
  try {
    await page.goto(`chrome-extension://${session.extensionId}/plain-popup.html`);
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.waitForFunction(() => performance.getEntriesByName('sourced:first-rows').length > 0);
    const { profile } = await cdp.send('Profiler.stop');
    const nodes = new Map<number, ProfileNode>();
    for (const node of profile.nodes as ProfileNode[]) nodes.set(node.id, node);
    const gaps = profile.timeDeltas ?? [];
    const self = new Map<string, number>();
    let total = 0;
    profile.samples?.forEach((id, i) => {
      const { functionName, url: file, lineNumber, columnNumber } = nodes.get(id)!.callFrame;
      if (functionName === '(idle)' || functionName === '(program)') return;
      const ms = (gaps[i + 1] ?? 0) / 1000;
      total += ms;
      const name = `${functionName || '(anonymous)'} ${path.basename(file)}:${lineNumber + 1}:${columnNumber + 1}`;
      self.set(name, (self.get(name) ?? 0) + ms);
    });
    console.log(`\npopup.html CPU profile: ${total.toFixed(1)} ms of samples (idle excluded)`);
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.table(rows.map(([fn, ms]) => ({ function: fn, 'self (ms)': +ms.toFixed(2) })));
  } finally {
    await page.close();
  }
}

export async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 10_000);
  const opens = Number(process.argv[3] ?? 3);
  for (const file of PLAIN_FILES)
    copyFileSync(path.join(PLAIN_DIR, file), path.join(EXTENSION_DIR, file));
  const session = await launch();
  try {
    const page = await session.popup();
    await page.getByTestId('capture-list').waitFor();
    await seed(page, captureTemplates(500), 0, size);
    await page.close();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (let i = 0; i < opens; i++) {
      print(await traced(session, 'popup.html', 'sourced:first-rows'));
      print(await traced(session, 'plain-popup.html', 'plain:first-rows'));
    }
    for (let i = 0; i < opens; i++) await profiled(session);
  } finally {
    await session.close();
    for (const file of PLAIN_FILES) rmSync(path.join(EXTENSION_DIR, file), { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

/**
 * The browser side of the benchmarks: Chromium with one unpacked extension (Sourced's test build
 * or the naive injector of bench/naive-injector/), pages served from memory, a DevTools trace of
 * the page's renderer, and which of its work was an extension's script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../tests/e2e/harness';

export const NAIVE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  'naive-injector',
);

export interface Browser {
  context: BrowserContext;
  /** Serve `html` at `url` (exact origin and path). */
  serve: (url: string, html: string) => void;
  close: () => Promise<void>;
}

export async function launchWith(extensionDir: string): Promise<Browser> {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'sourced-bench-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    // BENCH_JS_FLAGS: V8 flags for a diagnosis (e.g. `--no-maglev --no-turbofan` showed that the
    // content script's cost does not depend on the optimising compilers); never for figures.
    args: [
      ...chromiumArgs(extensionDir),
      ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : []),
    ],
  });
  const pages = new Map<string, string>();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const body = pages.get(url.origin + url.pathname);
    if (url.protocol === 'chrome-extension:') return route.continue();
    if (body === undefined || route.request().resourceType() !== 'document') return route.abort();
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  return {
    context,
    serve: (url, html) => {
      const parsed = new URL(url);
      pages.set(parsed.origin + parsed.pathname, html);
    },
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time: what the thread itself ran, without the time the system gave other processes. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; scriptName?: string; stackTrace?: { url?: string }[] } };
}

/** Whether a trace event ran an extension's code (its content script). */
export function isExtensionCode(event: TraceEvent): boolean {
  const data = event.args?.data;
  return [data?.url, data?.scriptName, data?.stackTrace?.[0]?.url].some((u) =>
    u?.startsWith('chrome-extension://'),
  );
}

export async function collectTrace(
  cdp: CDPSession,
  during: () => Promise<void>,
): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    // TRACE_CATEGORIES: more categories for a diagnosis (v8 compile, GC); they slow what is timed.
    categories:
      process.env.TRACE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await during();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

/** The extension's complete events that no other of its events holds, in time order. */
export function topLevelExtensionEvents(events: TraceEvent[]): TraceEvent[] {
  const ours = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && isExtensionCode(e))
    .sort((a, b) => a.ts - b.ts);
  const top: TraceEvent[] = [];
  let end = 0;
  for (const e of ours) {
    if (e.ts >= end) {
      top.push(e);
      end = e.ts + e.dur!;
    }
  }
  return top;
}

/**
 * The extension's script on the renderer's main thread: in total, and the most of it in one
 * task (what it adds to the longest task it runs in).
 */
export function extensionScript(events: TraceEvent[]): {
  totalMs: number;
  /**
   * The same events' thread (CPU) time: on a machine where the browser's other processes take
   * turns on few cores, wall time counts the waits too; thread time is the script's own work.
   */
  cpuMs: number;
  /** The content script's evaluation (a fixed cost, once per page). */
  evaluationMs: number;
  /** The most script in one task, the evaluation's task apart. */
  mostInOneTaskMs: number;
  longestTaskWithOursMs: number;
} {
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined);
  const byThread = new Map<string, number>();
  for (const task of tasks) {
    const thread = `${task.pid}:${task.tid}`;
    byThread.set(thread, (byThread.get(thread) ?? 0) + task.dur!);
  }
  const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onMain = (e: TraceEvent) => `${e.pid}:${e.tid}` === main;
  const top = topLevelExtensionEvents(events.filter(onMain));
  const totalMs = top.reduce((sum, e) => sum + e.dur!, 0) / 1000;
  const cpuMs = top.reduce((sum, e) => sum + (e.tdur ?? e.dur!), 0) / 1000;
  const evaluation = top.filter((e) => e.name === 'EvaluateScript');
  const evaluationMs = evaluation.reduce((sum, e) => sum + e.dur!, 0) / 1000;
  let mostInOneTaskMs = 0;
  let longestTaskWithOursMs = 0;
  let i = 0;
  for (const task of tasks.filter(onMain).sort((a, b) => a.ts - b.ts)) {
    while (i < top.length && top[i]!.ts < task.ts) i++;
    let inTask = 0;
    for (let j = i; j < top.length && top[j]!.ts < task.ts + task.dur!; j++) {
      if (top[j]!.name !== 'EvaluateScript') inTask += top[j]!.dur!;
    }
    if (inTask > 0) {
      mostInOneTaskMs = Math.max(mostInOneTaskMs, inTask / 1000);
      longestTaskWithOursMs = Math.max(longestTaskWithOursMs, task.dur! / 1000);
    }
  }
  return { totalMs, cpuMs, evaluationMs, mostInOneTaskMs, longestTaskWithOursMs };
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

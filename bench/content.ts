/**
 * Content-script benchmark in real Chromium (e2e build): a routed page of 1,000 synthetic posts,
 * LinkedIn and X. Prints the time from navigation to the last flag, the longest main-thread task
 * (from a DevTools trace of the page's renderer), script time per post, and the content script's
 * gzipped size. Run: npm run build:e2e && npx tsx bench/content.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession } from 'playwright-core';
import { generateLinkedInFeed, generateXTimeline } from '../tests/fixtures/generate-feed';
import { EXTENSION_DIR, launch } from '../tests/e2e/harness';

const POSTS = 1000;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; scriptName?: string; stackTrace?: { url?: string }[] } };
}

/** Whether a trace event ran code of the extension (its content script). */
function isExtensionCode(event: TraceEvent): boolean {
  const data = event.args?.data;
  return [data?.url, data?.scriptName, data?.stackTrace?.[0]?.url].some((u) =>
    u?.startsWith('chrome-extension://'),
  );
}

/** The renderer's main thread: the one whose tasks ("RunTask") took the most time. */
function mainThread(events: TraceEvent[]) {
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined);
  const byThread = new Map<string, number>();
  for (const task of tasks) {
    const thread = `${task.pid}:${task.tid}`;
    byThread.set(thread, (byThread.get(thread) ?? 0) + task.dur!);
  }
  const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onMain = (e: TraceEvent) => `${e.pid}:${e.tid}` === main;
  return { tasks: tasks.filter(onMain), onMain };
}

async function collectTrace(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  await during();
  await cdp.send('Tracing.end');
  await done;
  return events;
}

async function measure(site: 'linkedin' | 'x') {
  const session = await launch();
  try {
    const url = site === 'linkedin' ? 'https://www.linkedin.com/feed/' : 'https://x.com/home';
    session.serve(
      url,
      site === 'linkedin' ? generateLinkedInFeed(POSTS) : generateXTimeline(POSTS),
    );
    const page = await session.context.newPage();
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    let lastFlagMs = 0;
    let flags = 0;
    const events = await collectTrace(cdp, async () => {
      const started = Date.now();
      await page.goto(url);
      // Counting in the page costs the page a little; poll sparsely.
      for (;;) {
        flags = await page.locator('[data-sourced-post-id]').count();
        if (flags >= POSTS) break;
        if (Date.now() - started > 60_000) throw new Error(`only ${flags} flags after 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      lastFlagMs = Date.now() - started;
    });
    const metrics = await cdp.send('Performance.getMetrics');
    const scriptSeconds = metrics.metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
    const { tasks, onMain } = mainThread(events);
    const ours = events.filter((e) => onMain(e) && e.ph === 'X' && isExtensionCode(e));
    // A task is the content script's when it ran the content script's code; its style and layout
    // work in the same task (a frame's rAF callback, where the injector runs) counts too.
    const mainTasks = tasks.filter(onMain);
    const within = (t: TraceEvent) => ours.filter((o) => o.ts >= t.ts && o.ts < t.ts + t.dur!);
    const ourTasks = mainTasks.filter((t) => within(t).length > 0).map((t) => t.dur! / 1000);
    // Script of ours inside one task (top-level extension events only: nested ones are within).
    const ourScript = mainTasks.map((t) => {
      const inner = within(t).sort((a, b) => a.ts - b.ts);
      let total = 0;
      let end = 0;
      for (const e of inner) {
        if (e.ts >= end) {
          total += e.dur ?? 0;
          end = e.ts + (e.dur ?? 0);
        }
      }
      return total / 1000;
    });
    const allTasks = mainTasks.map((t) => t.dur! / 1000);
    if (process.env.BENCH_DETAIL) {
      const longest = mainTasks
        .filter((t) => ours.some((o) => o.ts >= t.ts && o.ts < t.ts + t.dur!))
        .sort((a, b) => b.dur! - a.dur!)[0]!;
      const inside = events.filter(
        (e) =>
          onMain(e) &&
          e.ph === 'X' &&
          e.ts >= longest.ts &&
          e.ts < longest.ts + longest.dur! &&
          e !== longest,
      );
      const byName = new Map<string, number>();
      for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
      console.log(site, [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12));
    }
    return {
      site,
      posts: POSTS,
      flags,
      'load → last flag (ms)': lastFlagMs,
      'longest task, ours (ms)': +Math.max(0, ...ourTasks).toFixed(1),
      'our tasks > 50 ms': ourTasks.filter((d) => d > 50).length,
      'most script of ours in one task (ms)': +Math.max(0, ...ourScript).toFixed(1),
      'longest task, any (ms)': +Math.max(0, ...allTasks).toFixed(1),
      'script time / post (ms)': +((scriptSeconds * 1000) / POSTS).toFixed(3),
    };
  } finally {
    await session.close();
  }
}

/**
 * The same pages without Sourced doing anything, but one tiny change per frame from a page script:
 * what any change costs these 1,000-post pages in the browser's own style, layout and paint.
 */
async function baseline(site: 'linkedin' | 'x') {
  const session = await launch();
  try {
    // A host the content script does not run on: the page's own cost, with no flag work at all.
    const url = 'https://baseline.example/feed/';
    const churn = `<script>let n=0;function f(){const s=document.createElement('span');s.textContent='.';document.body.firstElementChild.append(s);if(++n<60)requestAnimationFrame(f)}requestAnimationFrame(f)</script>`;
    const html = (
      site === 'linkedin' ? generateLinkedInFeed(POSTS) : generateXTimeline(POSTS)
    ).replace(/(<\/body>)/, `${churn}$1`);
    await session.context.route('https://baseline.example/**', (route) =>
      route.request().resourceType() === 'document'
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
        : route.abort(),
    );
    const page = await session.context.newPage();
    const cdp = await session.context.newCDPSession(page);
    const events = await collectTrace(cdp, async () => {
      await page.goto(url);
      await page.waitForTimeout(2500);
    });
    const { tasks, onMain } = mainThread(events);
    const pageScript = events.filter(
      (e) => onMain(e) && e.name === 'FireAnimationFrame' && !isExtensionCode(e),
    );
    const durations = tasks
      .filter((t) => pageScript.some((e) => e.ts >= t.ts && e.ts < t.ts + t.dur!))
      .map((t) => t.dur! / 1000)
      .sort((a, b) => a - b);
    return {
      site,
      'frames with a page change': durations.length,
      'median task (ms)': durations[Math.floor(durations.length / 2)] ?? 0,
      'longest task (ms)': +Math.max(0, ...durations).toFixed(1),
    };
  } finally {
    await session.close();
  }
}

export async function main(): Promise<void> {
  const rows = [await measure('linkedin'), await measure('x')];
  console.log(`\nContent script on routed pages of ${POSTS} synthetic posts (Chromium, headless)`);
  console.table(rows);
  const script = readFileSync(path.join(EXTENSION_DIR, 'content-scripts/content.js'));
  console.log(
    `content script size: ${(script.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(script).length / 1024).toFixed(1)} KiB gzipped`,
  );
  console.log(
    '(script time counts every script of the page; the fixture pages have none of their own)',
  );
  console.log(
    '\nBaseline: the same pages on a host Sourced does not run on, one span appended per frame by a page script',
  );
  console.table([await baseline('linkedin'), await baseline('x')]);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

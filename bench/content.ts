/**
 * Content-script benchmark in real Chromium: Sourced's production build against the naive injector of
 * bench/naive-injector/ (the floor), in the same run, on the same pages: 1,000 synthetic posts
 * that a page script inserts 20 per frame, as infinite scroll does, on a LinkedIn legacy (Ember)
 * feed and an X timeline. Prints, per site, each injector's script time per post (from a DevTools
 * trace of the page's renderer: the extension's own script events) and their ratio, the most
 * script each adds to one task, and the content script's gzipped size. Script time is given as
 * wall time and as thread (CPU) time, and once more for each further post of a 3,000-post feed
 * (the once-a-page costs apart). Figures only, no asserts.
 * Run: npx wxt build && npx tsx bench/content.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateLinkedInFeed, generateXTimeline } from '../tests/fixtures/generate-feed';
import {
  collectTrace,
  extensionScript,
  launchWith,
  median,
  NAIVE_DIR,
  type TraceEvent,
} from './browser';

/**
 * The production build (`wxt build`, made by `npm run bench`): what users run. The test build
 * adds test-only work (the layout check on every load) and opens the flags' shadow roots.
 */
const EXTENSION_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../.output/chrome-mv3',
);

export const POSTS = 1000;
const PER_FRAME = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/**
 * A longer feed, for what each further post costs once the script runs warm: the difference
 * between this run and the 1,000-post one leaves out what a page load costs once (evaluation,
 * first use of each DOM interface in the script's world, the JIT's warm-up).
 */
const LONG_FEED = 3 * POSTS;

export type Site = 'linkedin' | 'x';

/** The benchmark's page for `site`: its shell, then `posts` posts inserted as infinite scroll does. */
export function benchPage(site: Site, posts = POSTS): { url: string; html: string } {
  if (site === 'linkedin') {
    return {
      url: 'https://www.linkedin.com/feed/',
      html: infiniteScroll(
        generateLinkedInFeed(0, { layout: 'ember' }),
        generateLinkedInFeed(posts, { layout: 'ember' }).match(/^<div data-id=.*$/gm) ?? [],
        posts,
        '.scaffold-finite-scroll__content',
        '.occludable-update-hint',
      ),
    };
  }
  return {
    url: 'https://x.com/home',
    html: infiniteScroll(
      generateXTimeline(0),
      generateXTimeline(posts).match(/^<div data-testid="cellInnerDiv".*$/gm) ?? [],
      posts,
      '[aria-label="Timeline: Your Home Timeline"] > div',
    ),
  };
}

/** The page shell, its posts in an inert template, and a script inserting them frame by frame. */
function infiniteScroll(
  shell: string,
  posts: string[],
  count: number,
  feed: string,
  before?: string,
): string {
  if (posts.length !== count) throw new Error(`generated ${posts.length} posts, not ${count}`);
  const script = `<template id="bench-posts">${posts.join('')}</template><script>
(() => {
  const items = [...document.getElementById('bench-posts').content.children];
  const feed = document.querySelector(${JSON.stringify(feed)});
  const before = ${before ? `feed.querySelector(${JSON.stringify(before)})` : 'null'};
  let i = 0;
  function step() {
    for (let k = 0; k < ${PER_FRAME} && i < items.length; k++) {
      feed.insertBefore(document.importNode(items[i++], true), before);
    }
    if (i < items.length) requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
})();
</script>`;
  return shell.replace('</body>', `${script}</body>`);
}

interface Run {
  perPostMs: number;
  /** The same script's thread (CPU) time per post: without the waits for the other processes. */
  cpuPerPostMs: number;
  evaluationMs: number;
  mostInOneTaskMs: number;
  longestTaskMs: number;
  lastFlagMs: number;
}

/**
 * One traced load of the benchmark's page with one extension: from navigation until all posts
 * have a flag, plus 1.5 s of late work (the last flag-state batch, at most a second after the
 * one before, components/in-page/flag-injector.ts, and its answer).
 */
export async function traceFeed(
  extensionDir: string,
  site: Site,
  flagSelector: string,
  posts = POSTS,
): Promise<{ events: TraceEvent[]; lastFlagMs: number }> {
  const browser = await launchWith(extensionDir);
  try {
    const { url, html } = benchPage(site, posts);
    browser.serve(url, html);
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    let lastFlagMs = 0;
    const events = await collectTrace(cdp, async () => {
      const started = Date.now();
      await page.goto(url);
      for (;;) {
        const flags = await page.evaluate((s) => document.querySelectorAll(s).length, flagSelector);
        if (flags >= posts) break;
        if (Date.now() - started > 120_000) throw new Error(`only ${flags} flags after 120 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      lastFlagMs = Date.now() - started;
      await page.waitForTimeout(1_500);
    });
    return { events, lastFlagMs };
  } finally {
    await browser.close();
  }
}

/** One traced load's figures (script per post as wall and CPU time, evaluation, longest task). */
export async function run(
  extensionDir: string,
  site: Site,
  flagSelector: string,
  posts = POSTS,
): Promise<Run> {
  const { events, lastFlagMs } = await traceFeed(extensionDir, site, flagSelector, posts);
  const script = extensionScript(events);
  return {
    perPostMs: script.totalMs / posts,
    cpuPerPostMs: script.cpuMs / posts,
    evaluationMs: script.evaluationMs,
    mostInOneTaskMs: script.mostInOneTaskMs,
    longestTaskMs: script.longestTaskWithOursMs,
    lastFlagMs,
  };
}

export async function main(): Promise<void> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('No production build in .output/chrome-mv3: run `npx wxt build` first.');
  }
  const rows: Record<string, unknown>[] = [];
  for (const site of ['linkedin', 'x'] as const) {
    const naive: Run[] = [];
    const sourced: Run[] = [];
    // Alternate, so that a busy moment of the machine does not fall on one side only.
    for (let i = 0; i < RUNS; i++) {
      naive.push(await run(NAIVE_DIR, site, '[data-naive-flag]'));
      sourced.push(await run(EXTENSION_DIR, site, '[data-sourced-post-id]'));
    }
    const naiveLong: Run[] = [];
    const sourcedLong: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      naiveLong.push(await run(NAIVE_DIR, site, '[data-naive-flag]', LONG_FEED));
      sourcedLong.push(await run(EXTENSION_DIR, site, '[data-sourced-post-id]', LONG_FEED));
    }
    // CPU time of each further post: (total at LONG_FEED − total at POSTS) / (LONG_FEED − POSTS).
    const marginal = (long: Run[], short: Run[]) =>
      (median(long.map((r) => r.cpuPerPostMs)) * LONG_FEED -
        median(short.map((r) => r.cpuPerPostMs)) * POSTS) /
      (LONG_FEED - POSTS);
    const perPost = (runs: Run[]) => median(runs.map((r) => r.perPostMs));
    const cpuPerPost = (runs: Run[]) => median(runs.map((r) => r.cpuPerPostMs));
    const most = (runs: Run[]) => median(runs.map((r) => r.mostInOneTaskMs));
    rows.push({
      site: site === 'linkedin' ? 'LinkedIn (Ember)' : 'X',
      'naive: script/post (ms)': +perPost(naive).toFixed(4),
      'Sourced: script/post (ms)': +perPost(sourced).toFixed(4),
      'ratio Sourced/naive': +(perPost(sourced) / perPost(naive)).toFixed(2),
      'naive: CPU/post (ms)': +cpuPerPost(naive).toFixed(4),
      'Sourced: CPU/post (ms)': +cpuPerPost(sourced).toFixed(4),
      'CPU ratio Sourced/naive': +(cpuPerPost(sourced) / cpuPerPost(naive)).toFixed(2),
      'naive: CPU per further post, warm (ms)': +marginal(naiveLong, naive).toFixed(4),
      'Sourced: CPU per further post, warm (ms)': +marginal(sourcedLong, sourced).toFixed(4),
      'warm ratio Sourced/naive': +(
        marginal(sourcedLong, sourced) / marginal(naiveLong, naive)
      ).toFixed(2),
      'naive: most script in one task (ms)': +most(naive).toFixed(1),
      'Sourced: most script in one task (ms)': +most(sourced).toFixed(1),
      'naive: script evaluation (ms)': +median(naive.map((r) => r.evaluationMs)).toFixed(1),
      'Sourced: script evaluation (ms)': +median(sourced.map((r) => r.evaluationMs)).toFixed(1),
      'Sourced: longest task it ran in (ms)': +median(sourced.map((r) => r.longestTaskMs)).toFixed(
        1,
      ),
      'Sourced: load → last flag (ms)': median(sourced.map((r) => r.lastFlagMs)),
    });
  }
  console.log(
    `\nContent script vs the naive injector: ${POSTS} posts inserted ${PER_FRAME} per frame (Chromium, headless; median of ${RUNS} alternating runs)`,
  );
  // One row a figure, one column a site: the figures are too many for one line each site.
  const figures = Object.keys(rows[0]!).filter((k) => k !== 'site');
  console.table(
    Object.fromEntries(
      figures.map((figure) => [
        figure,
        Object.fromEntries(rows.map((row) => [String(row.site), row[figure]])),
      ]),
    ),
  );
  console.log(
    '(script/post: the extension’s own script events in the trace, content script evaluation included, over the posts;',
  );
  console.log(
    ' CPU/post: the same events’ thread time, which leaves out the moments the renderer waited for a core;',
  );
  console.log(
    ` CPU per further post: between a ${POSTS.toLocaleString('en')}-post and a ${LONG_FEED.toLocaleString('en')}-post feed, the once-a-page costs apart;`,
  );
  console.log(
    ' most script in one task: what the injector adds to the longest task it runs in, its evaluation apart; target ≤ 16 ms)',
  );
  const size = (file: string) => {
    const bytes = readFileSync(path.join(EXTENSION_DIR, file));
    return `${(bytes.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzipped (${gzipSync(bytes).length.toLocaleString('en')} bytes)`;
  };
  console.log(`content script size: ${size('content-scripts/content.js')}`);
  // Not loaded with the page: the first click, an ad's key or a sampled layout check load it.
  console.log(`post reader size (loaded when first needed): ${size('reader.js')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

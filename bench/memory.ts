/**
 * Memory benchmark in real Chromium: an X timeline whose page script recycles its rows as X's
 * virtualised list does (a row moves to the end and shows the next tweet: half the time the same
 * article with new children, half the time a new article) until 10,000 tweets have passed.
 * Prints the JS heap growth after garbage collection with Sourced's content script, the same on a
 * host where the content script does not run (the page's own growth), and the difference: what
 * the content script keeps. Figures only (target: within 5 MB). Run: npx tsx bench/memory.ts
 */
import type { CDPSession, Page } from 'playwright-core';
import { generateXTimeline } from '../tests/fixtures/generate-feed';
import { EXTENSION_DIR } from '../tests/e2e/harness';
import { launchWith } from './browser';

const ROWS = 40;
const TWEETS = 10_000;
const PER_FRAME = 20;

/** A timeline of ROWS rows and a script that recycles them through TWEETS tweets. */
function recyclingTimeline(): string {
  const rows = generateXTimeline(ROWS).match(/^<div data-testid="cellInnerDiv".*$/gm)!;
  const shell = generateXTimeline(0);
  const script = `<template id="bench-rows">${rows.join('')}</template><script>
(() => {
  const templates = [...document.getElementById('bench-rows').content.children];
  const feed = document.querySelector('[aria-label="Timeline: Your Home Timeline"] > div');
  for (const t of templates) feed.append(document.importNode(t, true));
  // Each template's status id, to give every recycled tweet its own.
  const ids = templates.map((t) => /\\/status\\/(\\d+)/.exec(t.innerHTML)[1]);
  let shown = ${ROWS};
  window.benchStart = () => {
    function step() {
      for (let k = 0; k < ${PER_FRAME} && shown < ${TWEETS}; k++, shown++) {
        const cell = feed.firstElementChild;
        const i = shown % templates.length;
        const next = document.importNode(templates[i], true);
        const id = String(1790000000000000000n + BigInt(shown));
        for (const a of next.querySelectorAll('a[href*="/status/"]')) a.setAttribute('href', a.getAttribute('href').replace(ids[i], id));
        const article = cell.querySelector('article');
        const fresh = next.querySelector('article');
        if (shown % 2 === 0 && article) article.replaceChildren(...fresh.childNodes);
        else cell.replaceChildren(...next.childNodes);
        feed.append(cell);
      }
      if (shown < ${TWEETS}) requestAnimationFrame(step); else window.benchDone = true;
    }
    requestAnimationFrame(step);
  };
})();
</script>`;
  return shell.replace('</body>', `${script}</body>`);
}

async function heapMB(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

async function scroll(url: string, flagged: boolean): Promise<{ before: number; after: number }> {
  const browser = await launchWith(EXTENSION_DIR);
  try {
    browser.serve(url, recyclingTimeline());
    const page: Page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await page.goto(url);
    if (flagged) {
      await page.waitForFunction(
        (rows) => document.querySelectorAll('[data-sourced-post-id]').length >= rows,
        ROWS,
      );
    }
    await page.waitForTimeout(1000);
    const before = await heapMB(cdp);
    await page.evaluate(() => (window as unknown as { benchStart: () => void }).benchStart());
    await page.waitForFunction(
      () => (window as unknown as { benchDone?: boolean }).benchDone,
      undefined,
      {
        timeout: 300_000,
        polling: 500,
      },
    );
    // The last frames' flags and their states, then a quiet page.
    await page.waitForTimeout(1500);
    if (flagged) {
      const keys = await page.evaluate(() =>
        [...document.querySelectorAll('[data-sourced-post-id]')].map((h) =>
          h.getAttribute('data-sourced-post-id'),
        ),
      );
      if (
        keys.length !== ROWS ||
        !keys.includes(String(1790000000000000000n + BigInt(TWEETS - 1)))
      ) {
        throw new Error(`the flags did not follow the recycled rows: ${keys.length} flags`);
      }
    }
    const after = await heapMB(cdp);
    return { before, after };
  } finally {
    await browser.close();
  }
}

export async function main(): Promise<void> {
  const sourced = await scroll('https://x.com/home', true);
  // Same page, same browser and extension, on a host the content script does not run on.
  const page = await scroll('https://baseline.example/home', false);
  const growth = (r: { before: number; after: number }) => r.after - r.before;
  console.log(
    `\nJS heap after GC, X timeline of ${ROWS} recycled rows scrolled through ${TWEETS.toLocaleString('en')} tweets (Chromium, headless)`,
  );
  console.table([
    {
      run: 'with Sourced',
      'before (MB)': +sourced.before.toFixed(2),
      'after (MB)': +sourced.after.toFixed(2),
      'growth (MB)': +growth(sourced).toFixed(2),
    },
    {
      run: 'page alone',
      'before (MB)': +page.before.toFixed(2),
      'after (MB)': +page.after.toFixed(2),
      'growth (MB)': +growth(page).toFixed(2),
    },
  ]);
  console.log(
    `content script heap growth: ${(growth(sourced) - growth(page)).toFixed(2)} MB (target ≤ 5 MB)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

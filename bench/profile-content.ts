/**
 * Where the content script's time goes: a sampled CPU profile (DevTools Profiler, 50 µs) of the
 * production content script on the content benchmark's pages, its self time summed per function.
 * A tool for finding what to take out, not a benchmark: prints, asserts nothing.
 * Run: npx wxt build && npx tsx bench/profile-content.ts [linkedin|x] [posts]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWith } from './browser';
import { benchPage, type Site } from './content';

const EXTENSION_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../.output/chrome-mv3',
);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export async function main(): Promise<void> {
  const site = (process.argv[2] ?? 'linkedin') as Site;
  const posts = Number(process.argv[3] ?? 1000);
  const browser = await launchWith(EXTENSION_DIR);
  try {
    const { url, html } = benchPage(site, posts);
    browser.serve(url, html);
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(url);
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-sourced-post-id]").length >= n && (n > 0 || performance.now() > 1500),
      posts,
      { timeout: 60_000, polling: 100 },
    );
    await page.waitForTimeout(500);
    const { profile } = await cdp.send('Profiler.stop');
    const nodes = new Map<number, ProfileNode>();
    for (const node of profile.nodes as ProfileNode[]) nodes.set(node.id, node);
    const gaps = profile.timeDeltas ?? [];
    const self = new Map<string, number>();
    let total = 0;
    profile.samples?.forEach((id, i) => {
      const node = nodes.get(id)!;
      const { functionName, url: file, lineNumber, columnNumber } = node.callFrame;
      if (!file.startsWith('chrome-extension://')) return;
      const ms = (gaps[i + 1] ?? 0) / 1000;
      total += ms;
      const name = `${functionName || '(anonymous)'} ${path.basename(file)}:${lineNumber + 1}:${columnNumber + 1}`;
      self.set(name, (self.get(name) ?? 0) + ms);
    });
    console.log(`${site}, ${posts} posts: ${total.toFixed(1)} ms of samples in extension code`);
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
    console.table(rows.map(([fn, ms]) => ({ function: fn, 'self (ms)': +ms.toFixed(2) })));
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

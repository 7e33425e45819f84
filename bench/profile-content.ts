/**
 * Where the content script's time goes: a sampled CPU profile (DevTools Profiler, 50 µs) of the
 * production content script on the content benchmark's pages, its self time summed per function.
 * A tool for finding what to take out, not a benchmark: prints, asserts nothing.
 * Run: npx wxt build && npx tsx bench/profile-content.ts [linkedin|x] [posts]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWith } from './browser';
import { benchPage, type Site } from './content';

const EXTENSION_DIR =
  process.env.EXTENSION_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.output/chrome-mv3');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export async function main(): Promise<void> {
  const site = (process.argv[2] ?? 'linkedin') as Site;
  const posts = Number(process.argv[3] ?? 1000);
  const runs = Number(process.argv[4] ?? 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  /** Samples per line of the content script (readable with an unminified build). */
  const lines = new Map<number, number>();
  for (let run = 0; run < runs; run++) {
    const browser = await launchWith(EXTENSION_DIR);
    try {
      const { url, html } = benchPage(site, posts);
      browser.serve(url, html);
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.goto(url);
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-sourced-post-id]').length >= n &&
          (n > 0 || performance.now() > 1500),
        posts,
        { timeout: 60_000, polling: 100 },
      );
      await page.waitForTimeout(500);
      const { profile } = await cdp.send('Profiler.stop');
      const nodes = new Map<number, ProfileNode>();
      for (const node of profile.nodes as ProfileNode[]) nodes.set(node.id, node);
      const gaps = profile.timeDeltas ?? [];
      const parent = new Map<number, number>();
      for (const node of nodes.values())
        for (const child of node.children ?? []) parent.set(child, node.id);
      const nameOf = (node: ProfileNode) => {
        const { functionName, url: file, lineNumber, columnNumber } = node.callFrame;
        return `${functionName || '(anonymous)'} ${path.basename(file)}:${lineNumber + 1}:${columnNumber + 1}`;
      };
      for (const node of nodes.values()) {
        if (!node.callFrame.url.endsWith('/content.js')) continue;
        for (const { line, ticks } of node.positionTicks ?? [])
          lines.set(line, (lines.get(line) ?? 0) + ticks);
      }
      profile.samples?.forEach((id, i) => {
        const node = nodes.get(id)!;
        const ms = (gaps[i + 1] ?? 0) / 1000;
        // Native work (DOM calls, garbage collection) is a node of its own below the script's.
        const seen = new Set<string>();
        let ours = false;
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const frame = nodes.get(at)!;
          if (!frame.callFrame.url.startsWith('chrome-extension://')) continue;
          ours = true;
          const name = nameOf(frame);
          if (seen.has(name)) continue;
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
        }
        if (!ours) return;
        total += ms;
        const own = node.callFrame.url.startsWith('chrome-extension://')
          ? nameOf(node)
          : `[${node.callFrame.functionName || 'native'}]`;
        self.set(own, (self.get(own) ?? 0) + ms);
      });
    } finally {
      await browser.close();
    }
  }
  {
    total /= runs;
    for (const map of [self, inclusive]) for (const [k, v] of map) map.set(k, v / runs);
    console.log(
      `${site}, ${posts} posts, mean of ${runs}: ${total.toFixed(1)} ms of samples under extension code`,
    );
    const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.table(rows.map(([fn, ms]) => ({ function: fn, 'self (ms)': +ms.toFixed(2) })));
    if (process.env.LINES) {
      const source = readFileSync(
        path.join(EXTENSION_DIR, 'content-scripts/content.js'),
        'utf8',
      ).split('\n');
      const top = [...lines.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(process.env.LINES));
      console.table(
        top.map(([line, ticks]) => ({
          line,
          ticks: +(ticks / runs).toFixed(1),
          code: source[line - 1]?.trim().slice(0, 90),
        })),
      );
    }
    const totals = [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
    console.table(totals.map(([fn, ms]) => ({ function: fn, 'total (ms)': +ms.toFixed(2) })));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

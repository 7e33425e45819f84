/**
 * The content benchmark's trace for one run of one injector, its extension events grouped by kind
 * (evaluation, MutationObserver callbacks, animation frames, timers, messages): where the script
 * time per post goes. A tool for finding what to take out; prints, asserts nothing.
 * Run: npx wxt build && npx tsx bench/trace-breakdown.ts [linkedin|x] [sourced|naive]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NAIVE_DIR, topLevelExtensionEvents } from './browser';
import { traceFeed, type Site } from './content';

const EXTENSION_DIR =
  process.env.EXTENSION_DIR ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.output/chrome-mv3');

export async function main(): Promise<void> {
  const site = (process.argv[2] ?? 'linkedin') as Site;
  const naive = process.argv[3] === 'naive';
  const flag = naive ? '[data-naive-flag]' : '[data-sourced-post-id]';
  const { events } = await traceFeed(naive ? NAIVE_DIR : EXTENSION_DIR, site, flag);
  const top = topLevelExtensionEvents(events);
  const groups = new Map<string, { ms: number; cpu: number; count: number }>();
  for (const e of top) {
    const data = e.args?.data as
      | { functionName?: string; type?: string; lineNumber?: number; columnNumber?: number }
      | undefined;
    const where = data?.lineNumber !== undefined ? ` @${data.lineNumber}:${data.columnNumber}` : '';
    const name = `${e.name}${data?.functionName ? ` ${data.functionName}` : ''}${data?.type ? ` ${data.type}` : ''}${where}`;
    const group = groups.get(name) ?? { ms: 0, cpu: 0, count: 0 };
    group.ms += e.dur! / 1000;
    group.cpu += (e.tdur ?? e.dur!) / 1000;
    group.count++;
    groups.set(name, group);
  }
  const rows = [...groups.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`${naive ? 'naive' : 'Sourced'} on ${site}`);
  console.table(
    rows.map(([name, g]) => ({
      event: name,
      'wall ms': +g.ms.toFixed(2),
      'cpu ms': +g.cpu.toFixed(2),
      count: g.count,
    })),
  );
  const sum = (f: (g: { ms: number; cpu: number }) => number) =>
    rows.reduce((s, [, g]) => s + f(g), 0).toFixed(1);
  console.log(`total ${sum((g) => g.ms)} ms wall, ${sum((g) => g.cpu)} ms cpu`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

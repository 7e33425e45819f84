/**
 * The sampled layout check (lib/sites/layout-health.ts) on long feeds, as the content script runs
 * it: in slices of about 8 ms (`runInSlices`), in a content script's isolated world, its code and
 * the page's nodes met for the first time (first run) and again (median of the next ones). The
 * longest slice is what the check adds to the page's longest task. Prints, asserts nothing.
 * Run: npx tsx bench/layout-check.ts [linkedin|x] [posts]   (both sites, 200 and 3,000 posts by default)
 */
import { inIsolatedWorld, median } from './phases';

const PAGE_CODE = `
import { layoutHealthSteps } from '../lib/sites/layout-health';
import { linkedinAdapter } from '../lib/sites/linkedin';
import { xAdapter } from '../lib/sites/x';
const adapter = location.hostname === 'x.com' ? xAdapter : linkedinAdapter;
window.runChecks = (repeat) => {
  const runs = [];
  for (let r = 0; r < repeat; r++) {
    const steps = layoutHealthSteps(document, adapter, new URL(location.href));
    let longest = 0, total = 0, slices = 0, verdict;
    for (;;) {
      const started = performance.now();
      let step;
      do step = steps.next(); while (!step.done && performance.now() < started + 8);
      const took = performance.now() - started;
      longest = Math.max(longest, took);
      total += took;
      slices++;
      if (step.done) { verdict = step.value.ok ? 'healthy' : step.value.problem; break; }
    }
    runs.push({ longest, total, slices, verdict });
  }
  return runs;
};
`;

type CheckRun = { longest: number; total: number; slices: number; verdict: string };

export async function main(): Promise<void> {
  const arg = process.argv[2];
  const sites: ('linkedin' | 'x')[] = arg === 'x' || arg === 'linkedin' ? [arg] : ['linkedin', 'x'];
  const sizes = Number(process.argv[3]) > 0 ? [Number(process.argv[3])] : [200, 3000];
  const rows = [];
  for (const site of sites) {
    for (const posts of sizes) {
      const runs = await inIsolatedWorld<CheckRun[]>(site, posts, PAGE_CODE, 'runChecks(5)');
      const [first, ...rest] = runs;
      rows.push({
        site,
        posts,
        verdict: first!.verdict,
        'first: longest slice ms': +first!.longest.toFixed(1),
        'first: total ms': +first!.total.toFixed(1),
        'then: longest slice ms': +median(rest.map((r) => r.longest)).toFixed(1),
        'then: total ms': +median(rest.map((r) => r.total)).toFixed(1),
        slices: first!.slices,
      });
    }
  }
  console.log('the layout check in 8 ms slices, in an isolated world (budget: 16 ms a task)');
  console.table(rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

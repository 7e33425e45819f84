/**
 * `npm run bench`: every benchmark in turn, printing figures (never asserting them). The browser
 * benchmarks use the end-to-end build, made first by the npm script.
 */
const benches: [string, () => Promise<{ main: () => Promise<unknown> }>][] = [
  [
    'content script: against a naive injector, 1,000 posts inserted 20 per frame',
    () => import('./content'),
  ],
  [
    'content script: heap while a recycling X timeline scrolls 10,000 tweets',
    () => import('./memory'),
  ],
  [
    'layout check: the sampled check on 200- and 3,000-post feeds, in idle slices',
    () => import('./layout-check'),
  ],
  ['delivery: 1 capture and 1,000 queued captures', () => import('./delivery')],
  ['popup: first screen with 10,000 and 100,000 captures', () => import('./popup')],
  ['export: 100,000 captures in each format', () => import('./export')],
  ['receiver: throughput with signature checks', () => import('./receiver')],
];

const only = process.argv.slice(2);
let failed = 0;
for (const [title, load] of benches) {
  if (only.length > 0 && !only.some((word) => title.includes(word))) continue;
  console.log(`\n=== ${title} ===`);
  try {
    await (await load()).main();
  } catch (error) {
    failed++;
    console.error(`benchmark failed: ${(error as Error).stack ?? error}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
export {};

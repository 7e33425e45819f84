/**
 * Two or more builds of the extension against each other and the naive injector, on the content
 * benchmark's page (bench/content.ts): alternating runs, medians, script per post as wall and as
 * thread (CPU) time. For telling whether a change to the content script pays: a difference
 * smaller than the runs' spread is no difference. Prints, asserts nothing.
 * Run: npx wxt build && cp -r .output/chrome-mv3 .output/bench-a   (change, build, copy to bench-b)
 *      BENCH_RUNS=7 npx tsx bench/compare-builds.ts linkedin .output/bench-a .output/bench-b
 */
import { median, NAIVE_DIR } from './browser';
import { POSTS, run as traceRun, type Site } from './content';

/** Script of one run in ms, wall and CPU, over all posts. */
async function run(site: Site, dir: string, flag: string): Promise<{ wall: number; cpu: number }> {
  const { perPostMs, cpuPerPostMs } = await traceRun(dir, site, flag);
  return { wall: perPostMs * POSTS, cpu: cpuPerPostMs * POSTS };
}

export async function main(): Promise<void> {
  const site = process.argv[2] === 'x' ? 'x' : 'linkedin';
  const builds = process.argv.slice(3);
  if (builds.length === 0) throw new Error('usage: compare-builds.ts linkedin|x BUILD_DIR...');
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const results = new Map<string, { wall: number; cpu: number }[]>();
  for (let i = 0; i < runs; i++) {
    for (const build of ['naive', ...builds]) {
      const result =
        build === 'naive'
          ? await run(site, NAIVE_DIR, '[data-naive-flag]')
          : await run(site, build, '[data-sourced-post-id]');
      results.set(build, [...(results.get(build) ?? []), result]);
    }
  }
  const naive = results.get('naive')!;
  const floor = { wall: median(naive.map((r) => r.wall)), cpu: median(naive.map((r) => r.cpu)) };
  console.log(`${site}: ${POSTS} posts, median of ${runs} alternating runs`);
  console.table(
    [...results.entries()].map(([build, rs]) => {
      const wall = median(rs.map((r) => r.wall));
      const cpu = median(rs.map((r) => r.cpu));
      return {
        build,
        'wall µs/post': +((wall / POSTS) * 1000).toFixed(1),
        'wall ÷ naive': +(wall / floor.wall).toFixed(2),
        'cpu µs/post': +((cpu / POSTS) * 1000).toFixed(1),
        'cpu ÷ naive': +(cpu / floor.cpu).toFixed(2),
        'cpu per run (ms)': rs.map((r) => r.cpu.toFixed(0)).join(' '),
      };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

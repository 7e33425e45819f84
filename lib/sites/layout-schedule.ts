/**
 * When the layout check runs in a page: on a sample of page loads, after the page settles, when the
 * browser is idle. The check itself (lib/sites/layout-health.ts) is part of the post reader, which
 * the content script loads only for a check that runs. Apart from layout-health.ts so that the
 * content script carries this and not the check.
 */
import type { LayoutHealth } from './layout-health';

export interface LayoutCheckOptions {
  /** Share of page loads checked (the check reads up to MAX_READS posts). */
  sampleRate?: number;
  /** Wait this long after a (re)start for the page to show its posts. */
  settleMs?: number;
  random?: () => number;
}

/**
 * For the content script: after the page settles, when the browser is idle, check the layout on
 * a sample of page loads and hand a problem (never a healthy result) to `report`. Call it again
 * on each SPA navigation; it returns a function that cancels the pending check.
 */
export function scheduleLayoutCheck(
  win: Pick<Window, 'setTimeout' | 'clearTimeout'> &
    Partial<Pick<Window, 'requestIdleCallback' | 'cancelIdleCallback'>>,
  check: () => LayoutHealth | Promise<LayoutHealth>,
  report: (health: LayoutHealth) => void,
  { sampleRate = 0.25, settleMs = 5_000, random = Math.random }: LayoutCheckOptions = {},
): () => void {
  if (random() >= sampleRate) return () => {};
  let idle: number | undefined;
  let cancelled = false;
  const run = async () => {
    const health = await check();
    if (!health.ok && !cancelled) report(health);
  };
  const start = () => {
    run().catch(() => {
      // The reader could not be loaded (the extension restarted): the next page load checks.
    });
  };
  const timer = win.setTimeout(() => {
    // requestIdleCallback is missing in some browsers (Safari); a timeout is then good enough.
    if (win.requestIdleCallback) idle = win.requestIdleCallback(start, { timeout: 10_000 });
    else start();
  }, settleMs);
  return () => {
    cancelled = true;
    win.clearTimeout(timer);
    if (idle !== undefined) win.cancelIdleCallback?.(idle);
  };
}

type IdleWindow = Pick<Window, 'setTimeout'> & Partial<Pick<Window, 'requestIdleCallback'>>;

/**
 * Run `steps` to their end in slices of about `sliceMs` (at least one step each), one slice per
 * idle period (a timer where the browser has no requestIdleCallback): a long check becomes
 * several short tasks the page's own work can come between.
 */
export function runInSlices<T>(
  steps: Generator<void, T, void>,
  win: IdleWindow,
  { sliceMs = 8, now = () => performance.now() }: { sliceMs?: number; now?: () => number } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      const end = now() + sliceMs;
      try {
        for (;;) {
          const step = steps.next();
          if (step.done) {
            resolve(step.value);
            return;
          }
          if (now() >= end) break;
        }
      } catch (error) {
        reject(error);
        return;
      }
      if (win.requestIdleCallback) win.requestIdleCallback(slice, { timeout: 1_000 });
      else win.setTimeout(slice, 0);
    };
    slice();
  });
}

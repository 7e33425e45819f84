/**
 * The content script's side of the layout check: on a sample of page loads and SPA navigations,
 * once the page settled and the browser is idle, ask lib/sites/layout-health.ts whether the
 * adapter still understands the page, and tell the background when it does not (the popup shows
 * it). Nothing runs on the flags' hot path: a timer per page, and the check itself on idle.
 */
import { browser } from '@wxt-dev/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { LayoutReport } from '../../lib/messages';
import type { LayoutHealth } from '../../lib/sites/layout-health';
import { scheduleLayoutCheck, type LayoutCheckOptions } from '../../lib/sites/layout-schedule';
import { watchLocation } from './location-watch';

/** The content messenger's send, narrowed to this message (lib/messaging/content.ts). */
type SendReport = (type: 'layoutReport', data: LayoutReport) => Promise<unknown>;

/**
 * The test build checks every load soon after it settles, so that an end-to-end test sees the
 * warning in seconds; real builds keep the sampled, patient defaults.
 */
const OPTIONS: LayoutCheckOptions = import.meta.env.SOURCED_E2E
  ? { sampleRate: 1, settleMs: 500 }
  : {};

/** Whether this copy's extension context still exists (runtime.id goes when Sourced is updated, reloaded or removed). */
const extensionAlive = () => Boolean(browser.runtime?.id);

/**
 * Nothing here hangs on WXT's context alone: its invalidation (and the `wxt:locationchange`
 * events it stops) can be forged by a page that knows the extension id, so navigations come from
 * our own watchLocation and the check stops only once the extension context is really gone, as
 * in content-app.ts.
 */
export function watchLayout(
  ctx: Pick<ContentScriptContext, 'onInvalidated'>,
  /** The check of the page as it is now (the post reader's, loaded for it). */
  check: () => Promise<LayoutHealth>,
  send: SendReport,
  options: LayoutCheckOptions = OPTIONS,
  alive: () => boolean = extensionAlive,
): void {
  const report = (health: LayoutHealth) => {
    if (!health.problem) return;
    // Only the problem and the counts go: the diagnostic holds no content by construction.
    // A failed report is not worth a word to the user: the next load checks again.
    void send('layoutReport', { problem: health.problem, diagnostic: health.diagnostic });
  };
  let cancel = scheduleLayoutCheck(window, check, report, options);
  const stopWatching = watchLocation(() => {
    cancel();
    cancel = scheduleLayoutCheck(window, check, report, options);
  });
  ctx.onInvalidated(() => {
    if (alive()) return;
    stopWatching();
    cancel();
  });
}

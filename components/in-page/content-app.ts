/**
 * The content script's work on a supported page: find the site adapter, keep flags on posts, and
 * open the capture dialog on a click. It talks to the background only through its messenger (lib/messaging/content.ts)
 * and never opens IndexedDB (in a page that would be the site's database).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Outcome } from '../../lib/capture';
import { sendToBackground as send } from '../../lib/messaging/content';
import { ok, type Result } from '../../lib/result';
import { debugLog, followDebugSetting } from '../../lib/debug-log';
import { adapterFor, setDebug } from '../../lib/sites';
import type { ExtractedPost } from '../../lib/sites/types';
import { openCaptureDialog, showToast } from './capture-dialog';
import type { FlagHost } from './flag-button';
import { FlagInjector } from './flag-injector';
import { watchLayout } from './layout-watch';

const PREVIEW_LENGTH = 280;

async function openForPost(
  post: ExtractedPost,
  flag: FlagHost,
  injector: FlagInjector,
): Promise<void> {
  const existing = await send('captureForPost', { postKey: post.key });
  if (!existing.ok) {
    showToast(existing.error, 'error');
    return;
  }
  const capture = existing.value;
  openCaptureDialog({
    post: {
      platform: post.platform,
      author: post.author.name ?? post.author.handle,
      postedAt: post.postedAt,
      excerpt: Array.from(post.text).slice(0, PREVIEW_LENGTH).join(''),
    },
    initial: capture?.outcome,
    editing: capture !== null,
    returnFocus: flag.button,
    save: async (outcome: Outcome, submit: boolean): Promise<Result<string>> => {
      const saved = await send('saveCapture', { post, outcome, submit, captureId: capture?.id });
      if (!saved.ok) return saved;
      injector.markFlagged(post.key, true);
      if (!submit) return ok('Saved as a draft in Sourced.');
      // "Queued for delivery" only when there is somewhere to deliver to.
      return ok(
        saved.value.endpointSet === false
          ? 'Submitted. It will be sent once your company’s endpoint is set — Settings, in the Sourced popup.'
          : 'Submitted: queued for delivery.',
      );
    },
  });
}

export function startContentApp(ctx: ContentScriptContext): void {
  const adapter = adapterFor(new URL(location.href));
  if (!adapter) return;
  ctx.onInvalidated(followDebugSetting(setDebug));
  const injector: FlagInjector = new FlagInjector({
    adapter,
    doc: document,
    pageUrl: () => new URL(location.href),
    onFlag: (post, flag) => void openForPost(post, flag, injector),
    // A post that cannot be read keeps its flag off; the debug log says so when it is on.
    onError: (error) => debugLog('a post could not be flagged', error),
    fetchFlagged: async (postKeys) => {
      const result = await send('flagStates', { postKeys });
      return result.ok ? result.value : [];
    },
  });
  injector.start();
  ctx.addEventListener(window, 'wxt:locationchange', () => injector.navigated());
  ctx.onInvalidated(() => injector.stop());
  watchLayout(ctx, adapter, send);
}

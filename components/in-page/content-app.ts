/**
 * The content script's work on a supported page: find the site adapter, keep flags on posts, and
 * open the form frame on a click. It talks to the background only through its messengers
 * (lib/messaging/content.ts, lib/messaging/tab.ts), never opens IndexedDB (in a page that would be
 * the site's database), and never sees an outcome: the form runs in an extension page
 * (form-frame.ts), which saves through the background.
 */
import { browser } from '@wxt-dev/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CaptureRef } from '../../lib/messages';
import { sendToBackground as send } from '../../lib/messaging/content';
import { onTabMessage } from '../../lib/messaging/tab';
import { debugLog, readSwitchOnDemand } from '../../lib/debug-log';
import { runInSlices } from '../../lib/sites/layout-schedule';
import { locatorFor } from '../../lib/sites/locators';
import type { ExtractedPost } from '../../lib/sites/types';
import type { FlagHost } from './flag-button';
import { FlagInjector } from './flag-injector';
import { readerLoader, ReaderUnavailable } from './reader';
import { closeFormFrame, openFormFrame } from './form-frame';
import { watchLayout } from './layout-watch';
import { watchLocation } from './location-watch';
import { pageTheme, prepareToast, showToast } from './page-ui';

const SAVED_MESSAGES: Partial<Record<CaptureRef['status'], string>> = {
  draft: 'Saved as a draft in Sourced.',
  queued: 'Submitted: queued for delivery.',
};
const UNREADABLE = 'Sourced could not read this post. Try again, or reload the page.';
const NO_ENDPOINT_MESSAGE =
  'Submitted. It will be sent once your company’s endpoint is set — Settings, in the Sourced popup.';

/** The form open in this tab and its post, to mark the flag when the background says it was saved. */
let openForm: { form: string; postKey: string } | undefined;

async function openForPost(post: ExtractedPost, flag: FlagHost): Promise<void> {
  const theme = pageTheme();
  const opened = await send('openForm', { post, theme });
  if (!opened.ok) {
    showToast(opened.error, 'error');
    return;
  }
  openForm = { form: opened.value.form, postKey: post.key };
  prepareToast(theme);
  openFormFrame({
    theme,
    frameUrl: (path) => browser.runtime.getURL(path as '/capture-frame.html'),
    returnFocus: flag.button,
  });
}

export function startContentApp(ctx: Pick<ContentScriptContext, 'onInvalidated'>): void {
  const adapter = locatorFor(new URL(location.href));
  if (!adapter) return;
  // The debug switch is read when something is first logged, not on every page load.
  ctx.onInvalidated(readSwitchOnDemand());
  const reader = readerLoader(send);
  // Only the background sends to a tab (tabs.sendMessage); nothing in the page can. Listened
  // for from the first form on: most page loads open none, and the listener's setup costs.
  let stopListening: (() => void) | undefined;
  const listenForFormClosed = () =>
    (stopListening ??= onTabMessage('formClosed', ({ data }) => {
      const form = openForm;
      // A late word about a form this tab has already replaced by another: nothing to do.
      if (!form || form.form !== data.form) return { ok: true, value: null };
      openForm = undefined;
      closeFormFrame();
      // "Queued for delivery" only when there is somewhere to deliver to.
      const message =
        data.saved?.status === 'queued' && data.saved.endpointSet === false
          ? NO_ENDPOINT_MESSAGE
          : data.saved
            ? SAVED_MESSAGES[data.saved.status]
            : undefined;
      if (data.saved) injector.markFlagged(form.postKey, true);
      if (message) showToast(message, 'info');
      return { ok: true, value: null };
    }));
  const injector: FlagInjector = new FlagInjector({
    adapter,
    reader,
    doc: document,
    pageUrl: () => new URL(location.href),
    onFlag: (post, flag) => {
      listenForFormClosed();
      void openForPost(post, flag);
    },
    // A post that cannot be read keeps its flag off; the debug log says so when it is on.
    onError: (error) => debugLog('a post could not be flagged', error),
    onReadFailed: (error) => {
      debugLog('a flagged post could not be read', error);
      showToast(error instanceof ReaderUnavailable ? error.message : UNREADABLE, 'error');
    },
    fetchFlagged: async (postKeys) => {
      const result = await send('flagStates', { postKeys });
      return result.ok ? result.value : [];
    },
  });
  injector.start();
  const stopWatching = watchLocation(() => injector.navigated());
  // WXT invalidates this context when a newer copy of the script announces itself with a DOM
  // event whose name holds the extension id. A page that knows the id (Chrome's ids are public)
  // can dispatch it too, so it only counts once this copy's extension context is really gone
  // (Sourced updated, reloaded or removed): then runtime.id is undefined.
  ctx.onInvalidated(() => {
    if (browser.runtime?.id) return;
    stopWatching();
    stopListening?.();
    closeFormFrame();
    injector.stop();
  });
  watchLayout(
    ctx,
    async () =>
      runInSlices(
        (await reader.load()).layoutHealthSteps(adapter.platform, document, new URL(location.href)),
        window,
      ),
    send,
  );
}

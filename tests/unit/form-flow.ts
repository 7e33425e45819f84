/**
 * The in-page form's path through the background, as the browser drives it: the content script
 * registers the post (openForm), the form frame of the same tab opens it (formOpen) and saves
 * (formSave). Senders are the shapes the browser gives for each context.
 */
import { handleContentMessage, contentHandlers } from '../../lib/background/content-handlers';
import { layoutReports } from '../../lib/background/layout-reports';
import {
  formHandlers,
  handleFormMessage,
  type SessionStore,
} from '../../lib/background/form-sessions';
import type { StoreContext } from '../../lib/capture-store';
import type { Outcome } from '../../lib/capture';
import type { CaptureRef, ContentProtocol, FormProtocol, FormView } from '../../lib/messages';
import type { Result } from '../../lib/result';
import type { ExtractedPost } from '../../lib/sites/types';

export const EXTENSION_ID = 'sourced-test-id';
export const EXTENSION = { id: EXTENSION_ID, origin: `chrome-extension://${EXTENSION_ID}/` };
export const TAB = 3;
export const SITE_SENDER = {
  id: EXTENSION_ID,
  url: 'https://www.linkedin.com/feed/',
  tab: { id: TAB, url: 'https://www.linkedin.com/feed/' },
};
export const FRAME_SENDER = {
  id: EXTENSION_ID,
  url: `chrome-extension://${EXTENSION_ID}/capture-frame.html`,
  tab: { id: TAB, url: 'https://www.linkedin.com/feed/' },
};

export function memoryStore(): SessionStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

export function formFlow(ctx: StoreContext, now?: () => number) {
  const store = memoryStore();
  const notified: { tabId: number; form: string; saved: CaptureRef | null }[] = [];
  const form = formHandlers({
    ctx,
    store,
    notifyTab: async (tabId, form, saved) => void notified.push({ tabId, form, saved }),
    now,
  });
  const content = contentHandlers(ctx, {
    layout: layoutReports(),
    tabUrl: () => Promise.resolve(undefined),
    form,
    injectReader: () => Promise.reject(new Error('no reader in these tests')),
  });
  const fromContent = (type: string, data: unknown, sender: object = SITE_SENDER) =>
    // Any type: tests also send the ones the protocol does not (or no longer) know.
    handleContentMessage(type as keyof ContentProtocol, data, sender, EXTENSION_ID, content);
  const fromFrame = (type: string, data?: unknown, sender: object = FRAME_SENDER) =>
    handleFormMessage(type as keyof FormProtocol, data, sender, EXTENSION, form);
  /** A click on a flag, the frame opening, and a click on Save draft or Submit. */
  async function save(
    post: ExtractedPost,
    outcome: Outcome,
    submit: boolean,
  ): Promise<Result<CaptureRef>> {
    const opened = await fromContent('openForm', { post, theme: 'light' });
    if (!opened.ok) return opened;
    const view = (await fromFrame('formOpen')) as Result<FormView>;
    if (!view.ok) return view;
    return (await fromFrame('formSave', {
      session: view.value.session,
      outcome,
      submit,
    })) as Result<CaptureRef>;
  }
  return { store, notified, form, content, fromContent, fromFrame, save };
}

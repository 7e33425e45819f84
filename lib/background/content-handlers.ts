/**
 * The background's side of the content contract (lib/messages.ts). It trusts nothing: the sender
 * must be this extension's content script in a tab of a supported site, and every message is
 * parsed with its schema before anything is read or written.
 */
import type { z } from 'zod';
import { flaggedKeys, type StoreContext } from '../capture-store';
import { isSiteUrl } from '../hosts';
import { CONTENT_REQUEST_SCHEMAS } from '../message-schemas';
import type { ContentProtocol } from '../messages';
import { fail, type Result } from '../result';
import { dispatch } from './dispatch';
import type { FormHandlers } from './form-sessions';

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export function isSiteContentScript(sender: MessageSender, extensionId: string): boolean {
  return sender.id === extensionId && sender.tab !== undefined && isSiteUrl(sender.url);
}

/** Handlers of the content protocol; the tab is the sender's, checked before they run. */
type Handlers = {
  [K in keyof ContentProtocol]: (
    data: z.output<(typeof CONTENT_REQUEST_SCHEMAS)[K]>,
    tabId: number,
  ) => Promise<ReturnType<ContentProtocol[K]> extends Result<infer V> ? V : never>;
};

/**
 * No handler here answers with an outcome (note, CRM reference, value): whatever runs as the
 * content script, a compromised renderer included, learns at most which posts are flagged.
 */
export function contentHandlers(
  ctx: Pick<StoreContext, 'db'>,
  form: Pick<FormHandlers, 'openForm'>,
): Handlers {
  return {
    flagStates: (data) => flaggedKeys(ctx.db, data.postKeys),
    openForm: (data, tabId) => form.openForm(data, tabId),
  };
}

export async function handleContentMessage(
  type: string,
  data: unknown,
  sender: MessageSender,
  extensionId: string,
  handlers: Handlers,
): Promise<Result<unknown>> {
  if (!isSiteContentScript(sender, extensionId) || typeof sender.tab?.id !== 'number') {
    return fail('Sourced accepts this only from its own script on LinkedIn or X.');
  }
  const tabId = sender.tab.id;
  const bound = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (input: never) => (handler as (d: unknown, tab: number) => Promise<unknown>)(input, tabId),
    ]),
  );
  return dispatch(CONTENT_REQUEST_SCHEMAS, bound, type, data);
}

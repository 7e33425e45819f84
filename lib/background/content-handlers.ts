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
import type { ContentReply } from '../messaging/content';
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
export type ContentHandlers = {
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
): ContentHandlers {
  return {
    flagStates: (data) => flaggedKeys(ctx.db, data.postKeys),
    openForm: (data, tabId) => form.openForm(data, tabId),
  };
}

/** Check the sender, parse, run: the reply of message `type`, typed by the content protocol. */
export async function handleContentMessage<K extends keyof ContentProtocol>(
  type: K,
  data: unknown,
  sender: MessageSender,
  extensionId: string,
  handlers: ContentHandlers,
): Promise<ContentReply<K>> {
  const tabId = sender.tab?.id;
  if (!isSiteContentScript(sender, extensionId) || typeof tabId !== 'number') {
    return fail(
      'Sourced accepts this only from its own script on LinkedIn or X.',
    ) as ContentReply<K>;
  }
  const bound = Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      (input: never) => (handler as (d: unknown, tab: number) => Promise<unknown>)(input, tabId),
    ]),
  );
  // A failure, or the value of handlers[type], whose type ContentHandlers ties to K's reply.
  return (await dispatch(CONTENT_REQUEST_SCHEMAS, bound, type, data)) as ContentReply<K>;
}

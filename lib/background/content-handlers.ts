/**
 * The background's side of the content contract (lib/messages.ts). It trusts nothing: the sender
 * must be this extension's content script in a tab of a supported site, and every message is
 * parsed with its schema before anything is read or written.
 */
import type { z } from 'zod';
import { flaggedKeys, type StoreContext } from '../capture-store';
import { UserFacingError } from '../errors';
import { isSiteUrl } from '../hosts';
import { CONTENT_REQUEST_SCHEMAS } from '../message-schemas';
import type { ContentProtocol } from '../messages';
import type { ContentReply } from '../messaging/content';
import { fail, type Result } from '../result';
import { dispatch } from './dispatch';
import type { FormHandlers } from './form-sessions';
import type { LayoutReports } from './layout-reports';

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export function isSiteContentScript(sender: MessageSender, extensionId: string): boolean {
  return sender.id === extensionId && sender.tab !== undefined && isSiteUrl(sender.url);
}

export type ContentHandlers = {
  [K in keyof ContentProtocol]: (
    data: z.output<(typeof CONTENT_REQUEST_SCHEMAS)[K]>,
    /** The checked sender: its tab is the one the message speaks for. */
    sender: MessageSender,
  ) => Promise<ReturnType<ContentProtocol[K]> extends Result<infer V> ? V : never>;
};

export interface ContentDeps {
  layout: LayoutReports;
  /** The tab's URL now, to drop a report sent by a page the tab has since left. */
  tabUrl: (tabId: number) => Promise<string | undefined>;
  /** The in-page form (lib/background/form-sessions.ts): the content script only registers posts. */
  form: Pick<FormHandlers, 'openForm'>;
  /** Run the post reader's file (entrypoints/reader) in this frame's content-script world. */
  injectReader: (tabId: number, frameId: number) => Promise<void>;
}

/** The browser's word on the sender's tab, never the message's. */
function senderTab(sender: MessageSender, what: string): number {
  const tabId = sender.tab?.id;
  if (tabId === undefined || !Number.isInteger(tabId) || tabId < 0) {
    throw new UserFacingError(`Sourced takes ${what} only from a tab.`);
  }
  return tabId;
}

/**
 * No handler here answers with an outcome (note, CRM reference, value): whatever runs as the
 * content script, a compromised renderer included, learns at most which posts are flagged.
 */
export function contentHandlers(ctx: Pick<StoreContext, 'db'>, deps: ContentDeps): ContentHandlers {
  return {
    flagStates: (data) => flaggedKeys(ctx.db, data.postKeys),
    openForm: (data, sender) => deps.form.openForm(data, senderTab(sender, 'a form')),
    loadReader: async (_data, sender) => {
      // Into the frame the sender runs in (the browser's word, never the message's): only
      // this extension's code, from its own package, into a site frame it already scripts.
      const frameId = sender.frameId ?? 0;
      if (!Number.isInteger(frameId) || frameId < 0) {
        throw new UserFacingError('Sourced takes a reader request only from a frame.');
      }
      await deps.injectReader(senderTab(sender, 'a reader request'), frameId);
      return null;
    },
    layoutReport: async (report, sender) => {
      // A page reports for its own tab only.
      const tabId = senderTab(sender, 'a layout report');
      // Sent just before the tab navigated: it describes a page that is gone.
      if (sender.tab?.url !== undefined && (await deps.tabUrl(tabId)) !== sender.tab.url) {
        return null;
      }
      await deps.layout.record(tabId, report);
      return null;
    },
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
  const reply = isSiteContentScript(sender, extensionId)
    ? await dispatch(CONTENT_REQUEST_SCHEMAS, handlers, type, data, sender)
    : fail('Sourced accepts this only from its own script on LinkedIn or X.');
  // A failure, or the value of handlers[type], whose type ContentHandlers ties to K's reply.
  return reply as ContentReply<K>;
}

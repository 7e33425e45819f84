/**
 * The background's side of the content contract (lib/messages.ts). It trusts nothing: the sender
 * must be this extension's content script in a tab of a supported site, and every message is
 * parsed with its schema before anything is read or written.
 */
import type { z } from 'zod';
import {
  captureForPost,
  flaggedKeys,
  saveCapture,
  summarise,
  type StoreContext,
} from '../capture-store';
import { endpointSummary } from '../endpoint-settings';
import { UserFacingError } from '../errors';
import { isSiteUrl } from '../hosts';
import { CONTENT_REQUEST_SCHEMAS } from '../message-schemas';
import type { ContentProtocol } from '../messages';
import type { ContentReply } from '../messaging/content';
import { fail, type Result } from '../result';
import { dispatch } from './dispatch';
import type { LayoutReports } from './layout-reports';

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
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
}

export function contentHandlers(ctx: StoreContext, deps: ContentDeps): ContentHandlers {
  return {
    saveCapture: async (data) => ({
      ...summarise(await saveCapture(ctx, data)),
      // So the page can say what is true of a submission: sent soon, or once an endpoint is set.
      endpointSet: (await endpointSummary(ctx.db)) !== undefined,
    }),
    flagStates: (data) => flaggedKeys(ctx.db, data.postKeys),
    captureForPost: async (data) => {
      const capture = await captureForPost(ctx.db, data.postKey);
      return capture ? summarise(capture) : null;
    },
    layoutReport: async (report, sender) => {
      // The browser's word on the tab, never the message's: a page reports for its own tab only.
      const tabId = sender.tab?.id;
      if (tabId === undefined || !Number.isInteger(tabId) || tabId < 0) {
        throw new UserFacingError('Sourced takes a layout report only from a tab.');
      }
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

/**
 * The background's side of the page contract (lib/messages.ts, PageProtocol): accepted only from
 * this extension's own pages, never from a content script or a site.
 */
import { PAGE_REQUEST_SCHEMAS } from '../message-schemas';
import type { PageProtocol } from '../messages';
import { fail, type Result } from '../result';
import type { MessageSender } from './content-handlers';
import { dispatch } from './dispatch';

export function isExtensionPage(
  sender: MessageSender,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  try {
    return new URL(sender.url).origin === new URL(extensionOrigin).origin;
  } catch {
    return false;
  }
}

export type PageHandlers = {
  [K in keyof PageProtocol]: () => Promise<
    ReturnType<PageProtocol[K]> extends Result<infer V> ? V : never
  >;
};

export async function handlePageMessage(
  type: string,
  data: unknown,
  sender: MessageSender,
  extension: { id: string; origin: string },
  handlers: PageHandlers,
): Promise<Result<unknown>> {
  if (!isExtensionPage(sender, extension.id, extension.origin)) {
    return fail('Sourced accepts this only from its own popup and settings pages.');
  }
  return dispatch(PAGE_REQUEST_SCHEMAS, handlers, type, data);
}

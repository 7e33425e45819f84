/**
 * The background's side of the page contract (lib/messages.ts, PageProtocol): accepted only from
 * this extension's own pages, never from a content script or a site.
 */
import { z } from 'zod';
import { plainError } from '../errors';
import { PAGE_REQUEST_SCHEMAS } from '../message-schemas';
import type { PageProtocol } from '../messages';
import { fail, ok, type Result } from '../result';
import type { MessageSender } from './content-handlers';

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
  if (!Object.hasOwn(PAGE_REQUEST_SCHEMAS, type)) return fail(`Unknown request "${type}".`);
  const key = type as keyof PageProtocol;
  const parsed = PAGE_REQUEST_SCHEMAS[key].safeParse(data);
  if (!parsed.success) return fail(`Invalid ${type}: ${z.prettifyError(parsed.error)}`);
  try {
    return ok(await handlers[key]());
  } catch (error) {
    return fail(plainError(error));
  }
}

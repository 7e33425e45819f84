/**
 * The extension pages' messenger (popup, options): it knows PageProtocol only. Every change to
 * captures and settings is sent through it to the background, the one writer.
 */
import {
  defineExtensionMessaging,
  type GetDataType,
  type GetReturnType,
} from '@webext-core/messaging';
import type { PageProtocol } from '../messages';
import { fail } from '../result';
import { SILENT } from './silent';

const pageMessenger = defineExtensionMessaging<PageProtocol>({ logger: SILENT });

export type PageRequest<K extends keyof PageProtocol> = GetDataType<PageProtocol[K]>;
export type PageReply<K extends keyof PageProtocol> = GetReturnType<PageProtocol[K]>;

/** How a page asks the background: one type and its data, the typed reply back. */
export type PageSend = <K extends keyof PageProtocol>(
  type: K,
  data: PageRequest<K>,
) => Promise<PageReply<K>>;

export const NO_ANSWER =
  'The Sourced background did not answer; reload the extension and try again.';

export const sendToBackground: PageSend = async (type, data) => {
  try {
    return await pageMessenger.sendMessage(type, data);
  } catch {
    // sendMessage throws only when no background answered (it was restarting, or the extension
    // was reloaded); the reply says so in words.
    return fail(NO_ANSWER) as PageReply<typeof type>;
  }
};

/** The background's side: the same messenger, so both ends agree on the protocol. */
export const onPageMessage = pageMessenger.onMessage;

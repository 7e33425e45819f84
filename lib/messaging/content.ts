/**
 * The content script's messenger: it knows ContentProtocol only, so a content script asking for a
 * page message (a sync, a delete) does not compile. Part of the content script: no Zod here.
 */
import {
  defineExtensionMessaging,
  type GetDataType,
  type GetReturnType,
} from '@webext-core/messaging';
import type { ContentProtocol } from '../messages';
import { fail } from '../result';
import { SILENT } from './silent';

const contentMessenger = defineExtensionMessaging<ContentProtocol>({ logger: SILENT });

export type ContentRequest<K extends keyof ContentProtocol> = GetDataType<ContentProtocol[K]>;
export type ContentReply<K extends keyof ContentProtocol> = GetReturnType<ContentProtocol[K]>;

const GONE = 'Sourced was updated or restarted: reload this page to flag posts again.';

/** Ask the background; a dead extension context (Sourced updated or removed) is a plain error. */
export async function sendToBackground<K extends keyof ContentProtocol>(
  type: K,
  data: ContentRequest<K>,
): Promise<ContentReply<K>> {
  try {
    return await contentMessenger.sendMessage(type, data);
  } catch {
    // The only way sendMessage throws here is a context that can no longer reach the
    // background; the user's remedy is the same whatever the detail.
    return fail(GONE) as ContentReply<K>;
  }
}

/** The background's side: the same messenger, so both ends agree on the protocol. */
export const onContentMessage = contentMessenger.onMessage;

/**
 * The form frame's messenger (entrypoints/capture-frame): it knows FormProtocol only. The frame is
 * an extension page inside a site's tab; the background checks that a message really comes from it.
 */
import {
  defineExtensionMessaging,
  type GetDataType,
  type GetReturnType,
} from '@webext-core/messaging';
import type { FormProtocol } from '../messages';
import { fail } from '../result';
import { SILENT } from './silent';

const formMessenger = defineExtensionMessaging<FormProtocol>({ logger: SILENT });

export type FormRequest<K extends keyof FormProtocol> = GetDataType<FormProtocol[K]>;
export type FormReply<K extends keyof FormProtocol> = GetReturnType<FormProtocol[K]>;

const NO_ANSWER = 'Sourced did not answer (was it updated?). Reload the page and try again.';

export async function sendToBackground<K extends keyof FormProtocol>(
  type: K,
  data: FormRequest<K>,
): Promise<FormReply<K>> {
  try {
    return await formMessenger.sendMessage(type, data);
  } catch {
    // sendMessage throws only when no background answered (restarting, or Sourced reloaded).
    return fail(NO_ANSWER) as FormReply<K>;
  }
}

/** The background's side: the same messenger, so both ends agree on the protocol. */
export const onFormMessage = formMessenger.onMessage;

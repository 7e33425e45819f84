/**
 * Background → a tab's content script (TabProtocol): the one message the content script receives.
 * Part of the content script: no Zod here. Only the extension can send to a tab (tabs.sendMessage);
 * nothing in the page can.
 */
import { defineExtensionMessaging, type GetDataType } from '@webext-core/messaging';
import type { TabProtocol } from '../messages';
import { SILENT } from './silent';

const tabMessenger = defineExtensionMessaging<TabProtocol>({ logger: SILENT });

/** The background's side: to the top frame of `tabId`, where the content script runs. */
export async function sendToTab<K extends keyof TabProtocol>(
  tabId: number,
  type: K,
  data: GetDataType<TabProtocol[K]>,
): Promise<void> {
  await tabMessenger.sendMessage(type, data, { tabId, frameId: 0 });
}

/** The content script's side. */
export const onTabMessage = tabMessenger.onMessage;

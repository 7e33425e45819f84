/**
 * The site adapters' debug log (which selector failed on which post), off by default. Not a
 * secret: the content script reads it to switch the log on. It uses storage.local directly
 * rather than a WXT storage item (whose module would add a tenth to the content script's size)
 * and kept apart from lib/settings.ts so the content script does not carry Zod.
 */
import { browser } from '@wxt-dev/browser';

export const DEBUG_LOG_KEY = 'debugLog';

export async function isDebugLogOn(): Promise<boolean> {
  const stored = await browser.storage.local.get(DEBUG_LOG_KEY);
  return stored[DEBUG_LOG_KEY] === true;
}

export function setDebugLog(on: boolean): Promise<void> {
  return browser.storage.local.set({ [DEBUG_LOG_KEY]: on });
}

/** Call `listener` when the setting changes; returns the function that stops watching. */
export function watchDebugLog(listener: (on: boolean) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && DEBUG_LOG_KEY in changes)
      listener(changes[DEBUG_LOG_KEY]?.newValue === true);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

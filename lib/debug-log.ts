/**
 * The extension's debug log: failures that are handled (a badge not drawn, a reply that never
 * came) but worth seeing when something is off. Off by default; the options page turns it on
 * (Advanced), for every context at once, through the stored switch of lib/debug-setting.ts.
 *
 * Entries name what failed and the error's name, never its message: messages can hold post text,
 * URLs or endpoint keys, which have no place in a console.
 */
import { isDebugLogOn, watchDebugLog } from './debug-setting';

let enabled = false;

export function setDebugLogging(on: boolean): void {
  enabled = on;
}

export function debugLog(what: string, error?: unknown): void {
  if (!enabled) return;
  const name = error instanceof Error ? error.name : error === undefined ? '' : typeof error;
  console.debug(`[sourced] ${what}${name ? ` (${name})` : ''}`);
}

/**
 * Follow the stored switch in this context; `also` hears every change too (the content script
 * passes the site adapters' own switch). Returns the function that stops following.
 */
export function followDebugSetting(also?: (on: boolean) => void): () => void {
  const apply = (on: boolean) => {
    setDebugLogging(on);
    also?.(on);
  };
  isDebugLogOn().then(apply, () => {
    // Storage unreadable: the log stays off, which is its default.
  });
  return watchDebugLog(apply);
}

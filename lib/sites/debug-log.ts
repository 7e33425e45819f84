/**
 * Debug log of the site adapters: which selector failed on which site, so that a markup change
 * can be pinned down from a user's console. Off by default. The switch is module state set by
 * the content script from extension storage, never from the page's own storage (`localStorage`
 * belongs to the site, which could read or flip it).
 *
 * Entries name a site, a field and the selectors tried; never post text or page URLs.
 */
import { HeldLines } from '../debug-log';
import type { Platform } from './types';

export interface SelectorFailure {
  platform: Platform;
  /** What could not be read: `id`, `author`, `text`, … */
  field: string;
  /** The selectors (or sources) that were tried, in order. */
  tried: readonly string[];
  /** Why the last one failed, in a few words. */
  reason?: string;
}

let enabled = false;
const seen = new Map<string, number>();
const held = new HeldLines();

/** Turn the debug log on or off (the content script calls this from its stored settings). */
export function setDebug(on: boolean): void {
  enabled = on;
  if (!on) seen.clear();
  held.release(on);
}

/** Call `wake` the first time a failure is logged while the switch is unknown (lib/debug-log.ts). */
export function onDemand(wake: () => void): void {
  held.onDemand(wake);
}

export function isDebug(): boolean {
  return enabled;
}

/**
 * Report a selector that found nothing. Repeats of one failure are counted, and only the 1st,
 * 10th, 100th… are printed: a broken selector on a 1,000-post page must not flood the console.
 */
export function logSelectorFailure(failure: SelectorFailure): void {
  const line = `[sourced] ${failure.platform}: could not read ${failure.field} — tried ${failure.tried.join(' | ')}${failure.reason ? ` (${failure.reason})` : ''}`;
  if (!enabled) {
    held.hold(line);
    return;
  }
  const count = (seen.get(line) ?? 0) + 1;
  seen.set(line, count);
  if (Number.isInteger(Math.log10(count))) {
    console.debug(count === 1 ? line : `${line} ×${count}`);
  }
}

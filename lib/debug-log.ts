/**
 * The extension's debug log: failures that are handled (a badge not drawn, a reply that never
 * came) but worth seeing when something is off. Off by default; the options page turns it on
 * (Advanced), for every context at once, through the stored switch of lib/debug-setting.ts.
 *
 * Entries name what failed and the error's name, never its message: messages can hold post text,
 * URLs or endpoint keys, which have no place in a console.
 */
import { isDebugLogOn, watchDebugLog } from './debug-setting';

/**
 * Lines logged before the stored switch is known, kept (a few) until it is: the content script
 * reads the switch only when it first has something to log (`readSwitchOnDemand`), because the
 * storage API costs milliseconds to set up in every LinkedIn and X page, most of which never log.
 */
export class HeldLines {
  static readonly MAX = 20;
  #lines: string[] = [];
  #wake: (() => void) | undefined;
  /** off: lines are dropped; ready: the next line wakes the reader; reading: lines are kept. */
  #state: 'off' | 'ready' | 'reading' = 'off';

  /** Call `wake` (once) the first time a line is held, and hold lines until `release`. */
  onDemand(wake: () => void): void {
    this.#wake = wake;
    this.#state = 'ready';
  }

  hold(line: string): void {
    if (this.#state === 'off') return;
    if (this.#lines.length < HeldLines.MAX) this.#lines.push(line);
    if (this.#state === 'ready') {
      this.#state = 'reading';
      this.#wake?.();
    }
  }

  /** The switch is known: print what was held if it is on, and hold nothing more. */
  release(on: boolean): void {
    const lines = this.#lines;
    this.#lines = [];
    this.#wake = undefined;
    this.#state = 'off';
    if (on) for (const line of lines) console.debug(line);
  }
}

let enabled = false;
const held = new HeldLines();

export function setDebugLogging(on: boolean): void {
  enabled = on;
  held.release(on);
}

export function debugLog(what: string, error?: unknown): void {
  const name = error instanceof Error ? error.name : error === undefined ? '' : typeof error;
  const line = `[sourced] ${what}${name ? ` (${name})` : ''}`;
  if (enabled) console.debug(line);
  else held.hold(line);
}

/**
 * For the scripts in a site's page (the content script, the post reader): read the stored switch
 * (and follow it, `also` too) only when a line is first logged, here or in the logger `also`
 * belongs to. Returns the function that stops following.
 */
export function readSwitchOnDemand(also?: {
  onDemand: (wake: () => void) => void;
  apply: (on: boolean) => void;
}): () => void {
  let stop: (() => void) | undefined;
  let stopped = false;
  const wake = () => {
    if (stop || stopped) return;
    stop = followDebugSetting(also?.apply);
  };
  held.onDemand(wake);
  also?.onDemand(wake);
  return () => {
    stopped = true;
    stop?.();
  };
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

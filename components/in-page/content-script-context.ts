/**
 * The content script's context, in place of WXT's (`wxt/utils/content-script-context`, swapped
 * for this module in the content script's build by wxt.config.ts). WXT's class (with its location
 * watcher, custom-event names and timers wrapped per call, about 3 KB) ends a context when a
 * newer copy of the script announces itself with a DOM event; a page can forge that event, so
 * Sourced never trusted it alone (content-app.ts checks `runtime.id`). This one keeps just what
 * the content script uses: `onInvalidated`, called once the extension context is really gone
 * (Sourced updated, reloaded or removed), which is when `runtime.id` is undefined.
 */
import { browser } from '@wxt-dev/browser';

/** A newer copy of the content script says it started (Firefox injects one on update). */
const STARTED = 'sourced:content-script-started';

export class ContentScriptContext {
  #listeners = new Set<() => void>();
  #invalid = false;

  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
    private readonly alive: () => boolean = () => Boolean(browser.runtime?.id),
  ) {
    // Ours is the newest copy: an older one still in the page hears this and checks itself.
    document.dispatchEvent(new CustomEvent(STARTED));
    document.addEventListener(STARTED, () => void this.isInvalid);
  }

  /** Whether the extension context is gone; the first time it is, the listeners are called. */
  get isInvalid(): boolean {
    if (!this.#invalid && !this.alive()) {
      this.#invalid = true;
      for (const listener of this.#listeners) listener();
      this.#listeners.clear();
    }
    return this.#invalid;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  /** Call `listener` once the extension context is gone; returns the function that stops it. */
  onInvalidated(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

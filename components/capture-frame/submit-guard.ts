/**
 * When a click on Submit inside the form frame counts. The site cannot script the frame, but it
 * can still make a person click it without meaning to (clickjacking): make the frame invisible,
 * cover it with a lure, or move it under the cursor just before a click meant for the site.
 *
 * So Submit counts only when the browser says the form has been visible and unobscured
 * (IntersectionObserver v2: `trackVisibility`, `isVisible`) without a break for VISIBLE_FOR_MS,
 * and the frame has not appeared or moved meanwhile; and the browser confirms it still is right
 * after the click. Where the browser cannot tell (no `isVisible`, as in Firefox), the in-page form
 * saves drafts only and Submit happens in the popup, out of the site's reach.
 */

/** How long the form must have been visible, unobscured and still before Submit counts. */
export const VISIBLE_FOR_MS = 500;
/** IntersectionObserver v2's minimum between visibility reports (it refuses less than 100). */
export const VISIBILITY_DELAY_MS = 100;

/** The part of an IntersectionObserverEntry the guard reads. */
export interface VisibilityEntry {
  isIntersecting: boolean;
  /** Absent where the browser does not compute visibility (IntersectionObserver v1). */
  isVisible?: boolean;
  /** When the browser computed the entry (same clock as `now`). */
  time: number;
}

export class SubmitGuard {
  /** Since when the form has been visible without a break; null while it is not. */
  private visibleSince: number | null = null;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly visibleForMs = VISIBLE_FOR_MS,
  ) {}

  /** Reports of the long-running observer, in order. */
  observe(entries: readonly VisibilityEntry[]): void {
    for (const entry of entries) {
      if (entry.isIntersecting && entry.isVisible === true) {
        this.visibleSince ??= entry.time;
      } else {
        this.visibleSince = null;
      }
    }
  }

  /** The frame appeared, was resized or moved: the person may not have seen where it is now. */
  moved(): void {
    if (this.visibleSince !== null) this.visibleSince = Math.max(this.visibleSince, this.now());
  }

  /** Whether a click now may submit (before the check that follows the click). */
  ready(at = this.now()): boolean {
    return this.visibleSince !== null && at - this.visibleSince >= this.visibleForMs;
  }

  /** Milliseconds until `ready()` turns true if nothing changes; null while not visible. */
  waitMs(at = this.now()): number | null {
    if (this.visibleSince === null) return null;
    return Math.max(0, this.visibleSince + this.visibleForMs - at);
  }
}

/** Whether this browser computes `isVisible` (IntersectionObserver v2). */
export function supportsVisibility(scope: typeof globalThis = globalThis): boolean {
  const Entry = (scope as { IntersectionObserverEntry?: { prototype: object } })
    .IntersectionObserverEntry;
  return Entry !== undefined && 'isVisible' in Entry.prototype;
}

type ObserverFactory = (
  callback: (entries: VisibilityEntry[]) => void,
  options: IntersectionObserverInit & { trackVisibility: boolean; delay: number },
) => { observe(target: Element): void; disconnect(): void };

const browserObserver: ObserverFactory = (callback, options) =>
  new IntersectionObserver((entries) => callback(entries as VisibilityEntry[]), options);

const V2_OPTIONS = { trackVisibility: true, delay: VISIBILITY_DELAY_MS, threshold: [0, 1] };

/** Feed the guard with the visibility of `target` until the returned function is called. */
export function watchVisibility(
  target: Element,
  guard: SubmitGuard,
  onChange: () => void,
  create: ObserverFactory = browserObserver,
): () => void {
  const observer = create((entries) => {
    guard.observe(entries);
    onChange();
  }, V2_OPTIONS);
  observer.observe(target);
  return () => observer.disconnect();
}

/**
 * Ask the browser again, after the click, whether `target` is visible now: a new observer
 * reports the current state at the next rendering step, so a frame made invisible just before
 * the click (sooner than the long-running observer's next report) is caught.
 */
export function visibleNow(
  target: Element,
  create: ObserverFactory = browserObserver,
  timeoutMs = 1000,
): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (visible: boolean) => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearTimeout(timer);
      resolve(visible);
    };
    const observer = create((entries) => {
      const last = entries[entries.length - 1];
      finish(last !== undefined && last.isIntersecting && last.isVisible === true);
    }, V2_OPTIONS);
    const timer = setTimeout(() => finish(false), timeoutMs);
    observer.observe(target);
  });
}

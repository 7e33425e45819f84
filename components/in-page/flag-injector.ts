/**
 * Keeps exactly one flag on every post of the page while the site re-renders, recycles and
 * navigates. One MutationObserver for the page; its records only mark work, and the work runs at
 * most once per animation frame, in slices of a few milliseconds so a long feed never blocks the
 * site's main thread.
 */
import type { ExtractedPost, SiteAdapter } from '../../lib/sites/types';
import { createFlag, FLAG_HOST_ATTR, setFlagState, type FlagHost } from './flag-button';

interface Tracked {
  post: ExtractedPost;
  flag: FlagHost;
}

export interface InjectorOptions {
  adapter: SiteAdapter;
  doc: Document;
  /** The page URL now (SPA navigation changes it without a reload). */
  pageUrl: () => URL;
  /** A trusted click on a flag. */
  onFlag: (post: ExtractedPost, flag: FlagHost) => void;
  /** Which of these post keys already have a capture. */
  fetchFlagged: (keys: string[]) => Promise<string[]>;
  /** Work budget of one slice, in ms. */
  sliceMs?: number;
  onError?: (error: unknown) => void;
}

const MAX_ANCESTOR_WALK = 60;

export class FlagInjector {
  /** Post element → its flag. Weak: rows the site throws away are forgotten with them. */
  private tracked = new WeakMap<Element, Tracked>();
  /** Posts whose subtree changed since the last pass: their id may have changed (X recycles). */
  private dirty = new Set<Element>();
  private rescanAll = false;
  /** The posts of the last scan and how far the slices got: one scan serves many slices. */
  private queue: Element[] = [];
  private queueIndex = 0;
  private queueRereadsAll = false;
  private needsScan = true;
  private scheduled = false;
  private stopped = false;
  private observer: MutationObserver;
  /** Passes run so far; the benchmark reads it. */
  passes = 0;

  constructor(private readonly options: InjectorOptions) {
    this.observer = new MutationObserver((records) => this.onMutations(records));
  }

  start(): void {
    const root = this.options.doc.body ?? this.options.doc.documentElement;
    this.observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['href', 'data-urn', 'data-id'],
    });
    this.schedule();
  }

  /** The page navigated inside the app: every post is read again against the new URL. */
  navigated(): void {
    this.rescanAll = true;
    this.needsScan = true;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.observer.disconnect();
    for (const host of this.options.doc.querySelectorAll(`[${FLAG_HOST_ATTR}]`)) host.remove();
  }

  /** Mark every flag of `key` as flagged (after a save) or not. */
  markFlagged(key: string, flagged: boolean): void {
    for (const host of this.options.doc.querySelectorAll<HTMLElement>(`[${FLAG_HOST_ATTR}]`)) {
      if (host.getAttribute('data-sourced-post-id') !== key) continue;
      const button = host.shadowRoot?.querySelector('button');
      if (button) setFlagState({ host, button }, flagged);
    }
  }

  private onMutations(records: MutationRecord[]): void {
    let relevant = false;
    for (const record of records) {
      if (record.type === 'childList' && onlyOurHosts(record)) continue;
      relevant = true;
      const post = this.trackedAncestor(record.target);
      if (post) this.dirty.add(post);
    }
    if (relevant) {
      this.needsScan = true;
      this.schedule();
    }
  }

  private trackedAncestor(node: Node): Element | undefined {
    let current: Node | null = node;
    for (let depth = 0; current && depth < MAX_ANCESTOR_WALK; depth++) {
      if (current instanceof Element && this.tracked.has(current)) return current;
      current = current.parentNode;
    }
    return undefined;
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    let ran = false;
    const run = () => {
      if (ran) return;
      ran = true;
      this.scheduled = false;
      this.pass();
    };
    // A frame when the tab is visible; the timeout catches up in background tabs, where
    // requestAnimationFrame does not fire.
    requestAnimationFrame(run);
    setTimeout(run, 250);
  }

  /**
   * One slice of work: flag new posts, re-read changed ones, put back flags a re-render removed.
   * The page is scanned once per change, not once per slice: on a long feed the scan itself
   * costs milliseconds.
   */
  private pass(): void {
    if (this.stopped) return;
    this.passes++;
    const deadline = performance.now() + (this.options.sliceMs ?? 8);
    if (this.needsScan) {
      this.needsScan = false;
      this.queue = this.options.adapter.findPosts(this.options.doc);
      this.queueIndex = 0;
      this.queueRereadsAll = this.rescanAll;
      this.rescanAll = false;
    }
    const page = this.options.pageUrl();
    const newKeys: string[] = [];
    while (this.queueIndex < this.queue.length) {
      if (performance.now() > deadline) break;
      const el = this.queue[this.queueIndex++]!;
      const known = this.tracked.get(el);
      const changed = this.queueRereadsAll || this.dirty.has(el);
      if (known && !changed && el.contains(known.flag.host)) continue;
      if (!el.isConnected) continue;
      this.dirty.delete(el);
      try {
        const key = this.attach(el, known, changed || !known, page);
        if (key) newKeys.push(key);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    if (this.queueIndex < this.queue.length || this.needsScan) {
      this.schedule();
    } else {
      // Every post of the scan is done; dirty marks left belong to elements no longer posts.
      this.queue = [];
      this.dirty.clear();
    }
    if (newKeys.length > 0) void this.refreshStates(newKeys);
  }

  /** Returns the post key when it is new to this element (so its flagged state must be fetched). */
  private attach(
    el: Element,
    known: Tracked | undefined,
    reread: boolean,
    page: URL,
  ): string | undefined {
    let tracked = known;
    let newKey: string | undefined;
    if (!tracked) {
      const post = this.options.adapter.extract(el, page);
      const flag = createFlag(post.key, () => {
        const current = this.tracked.get(el);
        if (current) this.options.onFlag(this.reread(el, current), current.flag);
      });
      tracked = { post, flag };
      this.tracked.set(el, tracked);
      newKey = post.key;
    } else if (reread) {
      const post = this.options.adapter.extract(el, page);
      if (post.key !== tracked.post.key) {
        // A recycled row now shows another post: its flag must describe that post.
        tracked.flag.host.setAttribute('data-sourced-post-id', post.key);
        setFlagState(tracked.flag, false);
        newKey = post.key;
      }
      tracked.post = post;
    }
    if (!el.contains(tracked.flag.host)) {
      // Clones of our host made by the site's own rendering carry no shadow root: drop them.
      for (const stray of el.querySelectorAll(`[${FLAG_HOST_ATTR}]`)) stray.remove();
      this.options.adapter.flagSlot(el).append(tracked.flag.host);
    }
    return newKey;
  }

  /** Read the post again at click time: the form shows what the page shows now. */
  private reread(el: Element, tracked: Tracked): ExtractedPost {
    try {
      tracked.post = this.options.adapter.extract(el, this.options.pageUrl());
    } catch (error) {
      this.options.onError?.(error);
    }
    return tracked.post;
  }

  private async refreshStates(keys: string[]): Promise<void> {
    try {
      for (let i = 0; i < keys.length; i += 500) {
        const flagged = await this.options.fetchFlagged(keys.slice(i, i + 500));
        for (const key of flagged) this.markFlagged(key, true);
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

/** Our own insertions need no pass; a removal of our flag by the site's rendering does. */
function onlyOurHosts(record: MutationRecord): boolean {
  const isOurs = (node: Node) => node instanceof Element && node.hasAttribute(FLAG_HOST_ATTR);
  const added = [...record.addedNodes];
  return record.removedNodes.length === 0 && added.length > 0 && added.every(isOurs);
}

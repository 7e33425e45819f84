/**
 * Keeps exactly one flag on every post of the page while the site re-renders, recycles and
 * navigates, at a cost that follows what changed, never the length of the page:
 * - the MutationObserver's records only note the added subtrees and the posts they touched;
 * - once per animation frame, in slices of a few milliseconds, only those subtrees are searched
 *   for posts and only those posts are keyed again;
 * - a new post costs its key (`PostLocator.fastKey`) and a flag; the full read happens at click,
 *   by the post reader, loaded then (components/in-page/reader.ts);
 * - flagged states are fetched in batches and applied through a key → posts index.
 * Per-post state lives in WeakMaps and the flags share one click listener, so rows the site
 * throws away are collected with nothing of ours keeping them alive.
 */
import type { ExtractedPost, PostLocator } from '../../lib/sites/types';
import {
  createFlag,
  FLAG_HOST_ATTR,
  flagHostOf,
  POST_KEY_ATTR,
  setFlagState,
  type FlagHost,
} from './flag-button';
import type { ReaderLoader } from './reader';

interface Tracked extends FlagHost {
  key: string;
  flagged: boolean;
}

export interface InjectorOptions {
  adapter: PostLocator;
  /** The post reader, for the full read at a click and for keys only it can tell. */
  reader: ReaderLoader;
  doc: Document;
  /** The page URL now (SPA navigation changes it without a reload). */
  pageUrl: () => URL;
  /** A trusted click on a flag; `post` is read at that moment. */
  onFlag: (post: ExtractedPost, flag: FlagHost) => void;
  /** Which of these post keys already have a capture. */
  fetchFlagged: (keys: string[]) => Promise<string[]>;
  /** Work budget of one slice, in ms. */
  sliceMs?: number;
  /** How long new keys wait to be fetched together, in ms (one message per batch). */
  batchMs?: number;
  /** While posts keep coming, batches are at least this far apart, in ms (fewer messages). */
  batchGapMs?: number;
  /** Shadow root mode of the flags (closed unless the test build opens them). */
  shadowMode?: ShadowRootMode;
  onError?: (error: unknown) => void;
  /** A click whose post could not be read (the reader could not be loaded, or it failed). */
  onReadFailed?: (error: unknown) => void;
}

/** Posts are rarely deeper than this below the nodes that change inside them. */
const MAX_ANCESTOR_WALK = 60;
const OBSERVED: MutationObserverInit = {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['href', 'data-urn', 'data-id'],
};
/** Rows that keep coming are flagged in batches at most this often (one frame when idle). */
const PASS_GAP_MS = 100;
/** A flag host among a slot's children (one left by the site's copy of a row, or an inner post's). */
const STALE_HOST = `:scope > [${FLAG_HOST_ATTR}]`;
/** Posts attached between two reads of the clock in a pass (about a millisecond of work). */
const CLOCK_EVERY = 16;
/** Keys per flagStates message. */
const FETCH_CHUNK = 500;
/** Keys whose idle state is remembered (a recycled row showing a post seen before); oldest go. */
const KNOWN_IDLE = 5_000;

export class FlagInjector {
  /** Post element → its flag and key. */
  #tracked = new WeakMap<Element, Tracked>();
  /** Flag host → its post element: the shared click listener's way back. */
  #postOfHost = new WeakMap<Element, Element>();
  /** Post key → the post elements showing it (connected ones; swept as rows go). */
  #byKey = new Map<string, Element | Set<Element>>();
  /** Keys known to have a capture; keys known to have none, oldest first. */
  #flaggedKeys = new Set<string>();
  #idleKeys = new Set<string>();
  /** Keys waiting for the next batch, and keys whose batch is on its way. */
  #toFetch = new Set<string>();
  #fetching = new Set<string>();
  #fetchTimer: ReturnType<typeof setTimeout> | undefined;
  #lastFetch = -Infinity;

  /** Added subtrees to search for posts. */
  #roots = new Set<Node>();
  /** Nodes whose children or attributes changed: the known posts around them are keyed again. */
  #touched = new Set<Node>();
  /** Posts waiting for their flag or their key (a slice may end before all are done). */
  #queue: Element[] = [];
  #queueIndex = 0;
  #queued = new Set<Element>();
  #sweep: Iterator<[string, Element | Set<Element>]> | undefined;

  #scheduled = false;
  #lastPass = -Infinity;
  /** The last pass ran out of time with posts still queued: the next one follows at once. */
  #leftOver = false;
  #stopped = false;
  #observer: MutationObserver;
  readonly #onClick = (event: MouseEvent) => this.#clicked(event);
  /** Posts whose key only the reader can tell, flagged without a key until it is loaded. */
  #unkeyed = new Set<Element>();
  #readerAsked = false;
  /** A click is being read: a second one (a double click) opens nothing more. */
  #opening = false;
  /** Passes run so far; the benchmark reads it. */
  passes = 0;

  readonly #options: InjectorOptions;

  constructor(options: InjectorOptions) {
    this.#options = options;
    this.#observer = new MutationObserver((records) => {
      if (this.#note(records)) this.#schedule();
    });
  }

  start(): void {
    this.#observe();
    this.#roots.add(this.#options.doc.documentElement);
    this.#schedule();
  }

  #observe(): void {
    // The whole document: a site that swaps <body> (a navigation) stays observed.
    this.#observer.observe(this.#options.doc.documentElement, OBSERVED);
  }

  /** The page navigated inside the app: every post is found and keyed again for the new URL. */
  navigated(): void {
    this.#roots.add(this.#options.doc.documentElement);
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#observer.disconnect();
    clearTimeout(this.#fetchTimer);
    for (const host of this.#options.doc.querySelectorAll(`[${FLAG_HOST_ATTR}]`)) host.remove();
    this.#byKey.clear();
  }

  /** Mark every flag of `key` as flagged (after a save) or not. */
  markFlagged(key: string, flagged: boolean): void {
    this.#remember(key, flagged);
    for (const post of this.#postsOf(key)) {
      const tracked = this.#tracked.get(post);
      if (tracked?.key === key) this.#setState(tracked, flagged);
    }
  }

  /** Note what the records changed; whether any of it needs a pass. */
  #note(records: MutationRecord[]): boolean {
    // Only notes: the walks and searches wait for the next frame, once per node however many
    // records name it. Our own insertions make no records: the observer pauses during a pass.
    for (const record of records) {
      // An attribute record adds nothing: its list is empty (one property read less per record).
      const added = record.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const node = added[i]!;
        if (node.nodeType === 1) this.#roots.add(node);
      }
      // Anything inside a post may have changed its key or dropped its flag.
      this.#touched.add(record.target);
    }
    const relevant = records.length > 0;
    return relevant;
  }

  #trackedAncestor(node: Node): Element | undefined {
    let current: Node | null = node;
    for (let depth = 0; current && depth < MAX_ANCESTOR_WALK; depth++) {
      if (this.#tracked.has(current as Element)) return current as Element;
      current = current.parentNode;
    }
    return undefined;
  }

  /**
   * A pass at the next frame, but at most one per PASS_GAP_MS unless work is left over: rows that
   * arrive frame after frame are flagged in batches, whose fixed costs are paid once.
   */
  #schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    const run = () => {
      if (!this.#scheduled) return;
      this.#scheduled = false;
      this.#pass();
    };
    // A hidden tab gets no frames: a timer catches up there (and a tab hidden after this call
    // runs its pass when shown again).
    if (this.#options.doc.visibilityState === 'hidden') {
      setTimeout(run, 250);
      return;
    }
    const wait = this.#leftOver ? 0 : this.#lastPass + PASS_GAP_MS - performance.now();
    if (wait > 1) setTimeout(() => requestAnimationFrame(run), wait);
    else requestAnimationFrame(run);
  }

  /** One slice: find posts in what was added, flag them, key changed posts again. */
  #pass(): void {
    if (this.#stopped) return;
    this.passes++;
    this.#lastPass = performance.now();
    const deadline = performance.now() + (this.#options.sliceMs ?? 8);
    let page: URL | undefined;
    // The page's changes so far are noted; our own insertions below need no records at all.
    this.#note(this.#observer.takeRecords());
    this.#observer.disconnect();
    let processed = 0;
    try {
      this.#collect();
      // The clock is read every few posts: each read is a call out of the content script's world.
      while (
        this.#queueIndex < this.#queue.length &&
        (processed % CLOCK_EVERY !== 0 || performance.now() <= deadline)
      ) {
        const el = this.#queue[this.#queueIndex++]!;
        this.#queued.delete(el);
        processed++;
        if (!el.isConnected) continue;
        try {
          this.#attach(el, (page ??= this.#options.pageUrl()));
        } catch (error) {
          this.#options.onError?.(error);
        }
      }
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      if (!this.#stopped) this.#observe();
    }
    if (this.#queueIndex >= this.#queue.length) {
      this.#queue = [];
      this.#queueIndex = 0;
    }
    // Forget removed posts at the pace posts are added: an idle page costs nothing.
    this.#sweepIndex(processed + 1);
    this.#leftOver = this.#queue.length > 0;
    if (this.#leftOver || this.#roots.size > 0 || this.#touched.size > 0) this.#schedule();
    if (this.#toFetch.size >= FETCH_CHUNK) {
      clearTimeout(this.#fetchTimer);
      void this.#fetchStates();
    } else if (this.#toFetch.size > 0 && this.#fetchTimer === undefined) {
      // Soon for the first screen's flags; while rows keep streaming in, one batch a second:
      // each message has a fixed cost in the page, whatever it carries.
      const since = performance.now() - this.#lastFetch;
      const wait = Math.max(
        this.#options.batchMs ?? 300,
        (this.#options.batchGapMs ?? 1000) - since,
      );
      this.#fetchTimer = setTimeout(() => void this.#fetchStates(), wait);
    }
  }

  /** Move the added subtrees' posts and the posts changes touched to the queue. */
  #collect(): void {
    if (this.#roots.size === 0 && this.#touched.size === 0) return;
    const touched = this.#touched;
    this.#touched = new Set();
    for (const node of touched) {
      const post = this.#trackedAncestor(node);
      if (post) this.#enqueue(post);
    }
    const roots = this.#roots;
    this.#roots = new Set();
    // Infinite scroll adds many rows to one container: what lies above them is walked once.
    const above = new Map<Node, Element | null | undefined>();
    for (const root of roots) {
      // A root removed since is skipped later, when its posts are attached (one check there).
      const parent = root.parentNode;
      if (!parent) continue;
      let verdict = above.get(parent);
      if (!above.has(parent)) {
        verdict = this.#aboveRoot(parent, roots);
        above.set(parent, verdict);
      }
      // Inside another added subtree: searched with it.
      if (verdict === null) continue;
      if (verdict) {
        // Added inside a known post: that post changed; any post markers in it are its parts.
        this.#enqueue(verdict);
        continue;
      }
      if (this.#tracked.has(root as Element)) this.#enqueue(root as Element);
      else
        for (const post of this.#options.adapter.findPosts(root as ParentNode)) this.#enqueue(post);
    }
  }

  /**
   * What holds a node added under `node`: null when `node` is (inside) another added subtree,
   * the known post when inside one, else undefined.
   */
  #aboveRoot(node: Node, roots: Set<Node>): Element | null | undefined {
    let current: Node | null = node;
    for (let depth = 0; current && depth < MAX_ANCESTOR_WALK; depth++) {
      if (roots.has(current)) return null;
      if (this.#tracked.has(current as Element)) return current as Element;
      current = current.parentNode;
    }
    return undefined;
  }

  #enqueue(el: Element): void {
    if (this.#queued.has(el)) return;
    this.#queued.add(el);
    this.#queue.push(el);
  }

  /** Flag a new post, key a changed one again, put back a flag a re-render removed. */
  #attach(el: Element, page: URL): void {
    let tracked = this.#tracked.get(el);
    // '' while only the reader can tell (an ad, a post without an id): no state, not indexed.
    const key = this.#keyOf(el, page) ?? '';
    if (!tracked) {
      const flag = createFlag(this.#options.doc, key, this.#onClick, this.#options.shadowMode);
      tracked = { ...flag, key, flagged: false };
      this.#tracked.set(el, tracked);
      this.#postOfHost.set(flag.host, el);
      if (key) {
        this.#index(key, el);
        this.#applyKnownState(tracked);
      }
      this.#place(el, tracked);
      return;
    }
    // A recycled row now shows another post: its flag must describe that post.
    if (key !== tracked.key) this.#rekey(el, tracked, key);
    if (!el.contains(tracked.host)) this.#place(el, tracked);
  }

  #rekey(el: Element, tracked: Tracked, key: string): void {
    this.#unindex(tracked.key, el);
    tracked.key = key;
    tracked.host.setAttribute(POST_KEY_ATTR, key);
    if (!key) {
      this.#setState(tracked, false);
      return;
    }
    this.#index(key, el);
    this.#applyKnownState(tracked);
  }

  /** The post's key: the locator's, else the reader's once loaded (undefined until then). */
  #keyOf(el: Element, page: URL): string | undefined {
    const { adapter, reader } = this.#options;
    const key = adapter.fastKey(el, page);
    if (key !== undefined) return key;
    const loaded = reader.now();
    if (loaded) return loaded.extract(adapter.platform, el, page).key;
    this.#awaitReader(el);
    return undefined;
  }

  /** Load the reader (once), then key the posts that waited for it. */
  #awaitReader(el: Element): void {
    this.#unkeyed.add(el);
    if (this.#readerAsked) return;
    this.#readerAsked = true;
    this.#options.reader.load().then(
      () => {
        for (const post of this.#unkeyed) this.#touched.add(post);
        this.#unkeyed.clear();
        this.#schedule();
      },
      (error: unknown) => {
        // Their flags stay, without a state; a click tries the reader again.
        this.#unkeyed.clear();
        this.#options.onError?.(error);
      },
    );
  }

  #place(el: Element, tracked: Tracked): void {
    const slot = this.#options.adapter.flagSlot(el);
    // Nearly always nothing to clear: one native lookup tells, rather than a walk of the slot's children.
    if (!slot.querySelector(STALE_HOST)) {
      slot.append(tracked.host);
      return;
    }
    // Copies of our host made by the site's own rendering (a cloned row) carry no shadow root,
    // and a post that now wraps a post flagged before (a late wrapper) takes over from it: both
    // sit in the slot the flag goes to. Only the slot's children are looked at, not the post.
    for (let child = slot.firstElementChild; child;) {
      const next = child.nextElementSibling;
      if (child !== tracked.host && child.hasAttribute(FLAG_HOST_ATTR)) {
        const inner = this.#postOfHost.get(child);
        if (inner && inner !== el) {
          const innerTracked = this.#tracked.get(inner);
          if (innerTracked) this.#unindex(innerTracked.key, inner);
          this.#tracked.delete(inner);
        }
        child.remove();
      }
      child = next;
    }
    slot.append(tracked.host);
  }

  #clicked(event: MouseEvent): void {
    // The click is ours: the post behind the flag must not open or navigate.
    event.preventDefault();
    event.stopPropagation();
    // Only a person's click counts: a page script's synthetic click is ignored.
    if (!event.isTrusted || this.#opening) return;
    const host = flagHostOf(event);
    const el = host ? this.#postOfHost.get(host) : undefined;
    const tracked = el ? this.#tracked.get(el) : undefined;
    if (!el || !tracked) return;
    void this.#open(el, tracked);
  }

  async #open(el: Element, tracked: Tracked): Promise<void> {
    const { adapter, reader } = this.#options;
    this.#opening = true;
    let post: ExtractedPost;
    try {
      const loaded = reader.now() ?? (await reader.load());
      // Read in full now: the form shows what the page shows at the click.
      post = loaded.extract(adapter.platform, el, this.#options.pageUrl());
    } catch (error) {
      this.#options.onReadFailed?.(error);
      return;
    } finally {
      this.#opening = false;
    }
    if (this.#stopped) return;
    // The row changed since the last pass: the flag follows the post now shown.
    if (post.key !== tracked.key) this.#rekey(el, tracked, post.key);
    this.#options.onFlag(post, { host: tracked.host, button: tracked.button });
  }

  // A key is nearly always on one element: the index holds it alone, a Set only for more.
  #index(key: string, el: Element): void {
    const posts = this.#byKey.get(key);
    if (posts === undefined) this.#byKey.set(key, el);
    else if (posts instanceof Set) posts.add(el);
    else if (posts !== el) this.#byKey.set(key, new Set([posts, el]));
  }

  #unindex(key: string, el: Element): void {
    const posts = this.#byKey.get(key);
    if (posts === el) this.#byKey.delete(key);
    else if (posts instanceof Set) {
      posts.delete(el);
      if (posts.size === 0) this.#byKey.delete(key);
    }
  }

  #postsOf(key: string): Iterable<Element> {
    const posts = this.#byKey.get(key);
    return posts === undefined ? [] : posts instanceof Set ? [...posts] : [posts];
  }

  /**
   * Forget posts the site removed, a few index entries per pass: the index holds only what is
   * on the page, without a walk of the removed subtrees (removals cost nothing when they happen).
   */
  #sweepIndex(budget: number): void {
    for (let i = 0; i < budget; i++) {
      this.#sweep ??= this.#byKey.entries();
      const next = this.#sweep.next();
      if (next.done) {
        this.#sweep = undefined;
        return;
      }
      const [key, posts] = next.value;
      if (!(posts instanceof Set)) {
        if (!posts.isConnected) this.#byKey.delete(key);
        continue;
      }
      for (const el of posts) if (!el.isConnected) posts.delete(el);
      if (posts.size === 0) this.#byKey.delete(key);
    }
  }

  #setState(tracked: Tracked, flagged: boolean): void {
    if (tracked.flagged === flagged) return;
    tracked.flagged = flagged;
    setFlagState(tracked, flagged);
  }

  /** The state of a key known from an earlier fetch or save; else it joins the next batch. */
  #applyKnownState(tracked: Tracked): void {
    const { key } = tracked;
    if (this.#flaggedKeys.has(key)) this.#setState(tracked, true);
    else {
      this.#setState(tracked, false);
      if (!this.#idleKeys.has(key) && !this.#fetching.has(key)) this.#toFetch.add(key);
    }
  }

  #remember(key: string, flagged: boolean): void {
    if (flagged) {
      this.#flaggedKeys.add(key);
      this.#idleKeys.delete(key);
      return;
    }
    this.#flaggedKeys.delete(key);
    this.#idleKeys.delete(key);
    this.#idleKeys.add(key);
    if (this.#idleKeys.size > KNOWN_IDLE) {
      this.#idleKeys.delete(this.#idleKeys.values().next().value!);
    }
  }

  async #fetchStates(): Promise<void> {
    this.#fetchTimer = undefined;
    this.#lastFetch = performance.now();
    const keys = [...this.#toFetch];
    this.#toFetch.clear();
    for (const key of keys) this.#fetching.add(key);
    try {
      for (let i = 0; i < keys.length && !this.#stopped; i += FETCH_CHUNK) {
        const chunk = keys.slice(i, i + FETCH_CHUNK);
        const flagged = new Set(await this.#options.fetchFlagged(chunk));
        for (const key of chunk) {
          this.#fetching.delete(key);
          // A save during the fetch knows better than the answer.
          if (this.#flaggedKeys.has(key)) continue;
          if (flagged.has(key)) this.markFlagged(key, true);
          else this.#remember(key, false);
        }
      }
    } catch (error) {
      // Asked again when those posts show up next.
      for (const key of keys) this.#fetching.delete(key);
      this.#options.onError?.(error);
    }
  }
}

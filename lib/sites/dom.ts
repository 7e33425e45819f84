/**
 * DOM lookups shared by the site adapters. The page's markup is untrusted input: these helpers
 * never throw on odd markup and only ever hand out http(s) URLs.
 */
import { logSelectorFailure } from './debug-log';
import type { Person } from '../capture';
import { contentKey, readText } from './text';
import type { ExtractedPost, Platform } from './types';

/** Selector alternatives, tried in order (see the per-site tables). */
export type Alternatives = readonly string[];

export interface Found {
  el: Element;
  /** The alternative that matched, for the debug log. */
  selector: string;
}

/**
 * A post element minus the parts that are not its own (a quoted post, comments): lookups of the
 * post's own fields skip those parts.
 *
 * Whether an element is owned is answered by walking up from it to the root and remembering the
 * answer for every element on the way, so each element is visited at most once per scope however
 * many lookups ask: linear in the post's size. (Checking each candidate against every excluded
 * part was quadratic: a post with thousands of comment blocks froze the tab.)
 */
export class Scope {
  /** The excluded parts, in document order. */
  readonly parts: ArrayLike<Element> & Iterable<Element>;
  private readonly excluded: ReadonlySet<Element>;
  /** Elements already walked through, and whether they are owned. */
  private readonly known = new Map<Element, boolean>();

  constructor(
    readonly root: Element,
    exclude?: string,
  ) {
    this.parts = exclude ? safeQueryAll(root, exclude) : NONE;
    this.excluded = new Set(this.parts);
  }

  /** Whether `el` belongs to the post itself, not to an excluded part. */
  owns(el: Element): boolean {
    if (this.excluded.size === 0) return true;
    const path: Element[] = [];
    let owned = true;
    for (let node: Element | null = el; node && node !== this.root; node = node.parentElement) {
      const known = this.known.get(node);
      if (known !== undefined) {
        owned = known;
        break;
      }
      if (this.excluded.has(node)) {
        owned = false;
        break;
      }
      path.push(node);
    }
    for (const node of path) this.known.set(node, owned);
    return owned;
  }

  /** The first own element matching one of `alternatives`, and the alternative that matched. */
  first(alternatives: Alternatives): Found | undefined {
    for (const selector of alternatives) {
      const first = safeQuery(this.root, selector);
      if (!first) continue;
      if (this.owns(first)) return { el: first, selector };
      for (const el of safeQueryAll(this.root, selector)) {
        if (this.owns(el)) return { el, selector };
      }
    }
    return undefined;
  }

  /** Every own element matching `selector`, in document order. */
  all(selector: string): Element[] {
    const own: Element[] = [];
    for (const el of safeQueryAll(this.root, selector)) if (this.owns(el)) own.push(el);
    return own;
  }
}

/** The first element under `root` matching one of `alternatives`. */
export function queryFirst(root: Element, alternatives: Alternatives): Found | undefined {
  return new Scope(root).first(alternatives);
}

/**
 * Selectors in the tables may chain lookups: `A >> B` is a `B` inside an `A`. Blink answers a
 * class-led combinator (`.a > b`, `.a b`) about ten times slower than two plain lookups (about
 * 25 µs against 2 µs per post, measured in Chromium), which matters on every post of a feed.
 */
const CHAIN = ' >> ';

export function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    const chain = selector.indexOf(CHAIN);
    if (chain < 0) return root.querySelector(selector);
    const inner = selector.slice(chain + CHAIN.length);
    for (const outer of root.querySelectorAll(selector.slice(0, chain))) {
      const found = safeQuery(outer, inner);
      if (found) return found;
    }
    return null;
  } catch {
    return null;
  }
}

const NONE: readonly Element[] = [];

/** The matches, in document order (a static NodeList when unchained); none if invalid. */
export function safeQueryAll(
  root: ParentNode,
  selector: string,
): ArrayLike<Element> & Iterable<Element> {
  try {
    const chain = selector.indexOf(CHAIN);
    if (chain < 0) return root.querySelectorAll(selector);
    const inner = selector.slice(chain + CHAIN.length);
    // Nested outer matches find the same inner ones again: a set keeps this linear.
    const found = new Set<Element>();
    for (const outer of root.querySelectorAll(selector.slice(0, chain))) {
      for (const el of safeQueryAll(outer, inner)) found.add(el);
    }
    return [...found];
  } catch {
    return NONE;
  }
}

export function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/**
 * Keep the outermost of nested candidates, in document order. `candidates` must be in document
 * order; each is first mapped to its post root (which may be an ancestor of the candidate).
 */
export function outermost(
  candidates: Iterable<Element>,
  toRoot: (el: Element) => Element | undefined,
): Element[] {
  const kept: Element[] = [];
  for (const candidate of candidates) {
    const root = toRoot(candidate);
    if (!root) continue;
    const last = kept[kept.length - 1];
    if (last && (last === root || last.contains(root))) continue;
    // A root that wraps roots kept before it (a wrapper found late) replaces them.
    while (kept.length > 0 && root.contains(kept[kept.length - 1]!)) kept.pop();
    kept.push(root);
  }
  return kept;
}

// The adapters' links pass the extension's one http(s) check (lib/url.ts).
export { httpUrl } from '../url';

/** The page URL as a fallback permalink: no query or fragment, which may carry tokens. */
export function pageUrl(page: URL): string {
  return `${page.origin}${page.pathname}`;
}

/** Dates outside this range are misread ids or hostile values, not post times. */
const MIN_TIME = Date.UTC(2003, 0, 1);
const MAX_TIME = Date.UTC(2100, 0, 1);

/** An ISO timestamp for `ms`, or undefined when it is not a plausible post time. */
export function isoTime(ms: number | bigint): string | undefined {
  const n = Number(ms);
  return Number.isFinite(n) && n >= MIN_TIME && n < MAX_TIME
    ? new Date(n).toISOString()
    : undefined;
}

/** `<time datetime>` as an ISO timestamp, when it parses to a plausible date. */
export function isoFromDatetime(value: string | null | undefined): string | undefined {
  if (!value || value.length > 64) return undefined;
  return isoTime(Date.parse(value));
}

/**
 * Run an adapter's extraction; if odd markup makes it throw anyway, return a partial record, so
 * that the post can still be flagged (keyed by a hash of its first text).
 */
export function extractSafely(
  platform: Platform,
  el: Element,
  page: URL,
  extract: () => ExtractedPost,
): ExtractedPost {
  try {
    return extract();
  } catch (error) {
    logSelectorFailure({
      platform,
      field: 'post',
      tried: ['extract'],
      reason: error instanceof Error ? error.name : 'error',
    });
    let start = '';
    try {
      start = (el.textContent ?? '').slice(0, 4000);
    } catch {
      // Nothing readable: every broken post of the page shares one key, which is still a key.
    }
    return {
      platform,
      url: pageUrl(page),
      kind: 'post',
      author: {},
      text: '',
      partial: true,
      missing: ['post'],
      key: contentKey(platform, start),
    };
  }
}

/** Marker lists joined once: `findOutermost` runs for every row a feed adds. */
const JOINED = new WeakMap<readonly string[], string>();

/**
 * The adapters' `findPosts`: every marker under `root` (and `root` itself), mapped to its post
 * root, outermost per post, in document order. A `root` that is itself a post root (the row that
 * infinite scroll just added) is its own answer: the markers inside it are its parts (a shared
 * post, a comment), which the outermost rule would drop anyway, so its subtree is not searched.
 */
export function findOutermost(
  root: ParentNode,
  markers: readonly string[],
  toRoot: (el: Element) => Element | undefined,
): Element[] {
  let selector = JOINED.get(markers);
  if (selector === undefined) {
    selector = markers.join(', ');
    JOINED.set(markers, selector);
  }
  const candidates: Element[] = [];
  if ('matches' in root && safeMatches(root as Element, selector)) {
    const own = toRoot(root as Element);
    if (own === root) return [own];
    candidates.push(root as Element);
  }
  candidates.push(...safeQueryAll(root, selector));
  return outermost(candidates, toRoot);
}

/** The post's own text, or empty; a text cut at the limit is noted in `missing`. */
export function readOwnText(
  own: Scope,
  alternatives: Alternatives,
  skip: string,
  missing: string[],
): string {
  const found = own.first(alternatives);
  if (!found) return '';
  const read = readText(found.el, { skip });
  if (read.truncated) missing.push('text (truncated)');
  return read.text;
}

/**
 * An author with neither name nor handle, or with a handle but no name, is noted in `missing` and
 * the debug log: a field that cannot be read stays empty rather than take a neighbouring text.
 */
export function checkAuthor(
  platform: Platform,
  author: Person,
  missing: string[],
  tried: readonly string[],
): void {
  if (author.name) return;
  missing.push(author.handle ? 'author name' : 'author');
  logSelectorFailure({ platform, field: author.handle ? 'author name' : 'author', tried });
}

/** The tail both adapters share: optional parts set only when present, `partial` from `missing`. */
export function finishPost(
  post: ExtractedPost,
  parts: { quoted?: ExtractedPost['quoted']; repostedBy?: Person; missing: string[] },
): ExtractedPost {
  if (parts.quoted) post.quoted = parts.quoted;
  if (parts.repostedBy) post.repostedBy = parts.repostedBy;
  if (parts.missing.length > 0) {
    post.partial = true;
    post.missing = parts.missing;
  }
  return post;
}

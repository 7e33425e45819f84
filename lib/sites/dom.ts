/**
 * DOM lookups shared by the site adapters. The page's markup is untrusted input: these helpers
 * never throw on odd markup and only ever hand out http(s) URLs.
 */
import { logSelectorFailure } from './debug-log';
import { contentKey } from './text';
import type { ExtractedPost, Platform } from './types';

/** Selector alternatives, tried in order (see the per-site tables). */
export type Alternatives = readonly string[];

export interface Found {
  el: Element;
  /** The alternative that matched, for the debug log. */
  selector: string;
}

/** Whether `el` lies in `root` without passing through an element matching `exclude`. */
export function outside(el: Element, root: Element, exclude: string | undefined): boolean {
  if (!exclude) return true;
  for (let p: Element | null = el; p && p !== root; p = p.parentElement) {
    if (safeMatches(p, exclude)) return false;
  }
  return true;
}

/** The first element under `root` matching one of `alternatives` and lying outside `exclude`. */
export function queryFirst(
  root: Element,
  alternatives: Alternatives,
  exclude?: string,
): Found | undefined {
  for (const selector of alternatives) {
    const first = safeQuery(root, selector);
    if (!first) continue;
    if (outside(first, root, exclude)) return { el: first, selector };
    for (const el of safeQueryAll(root, selector)) {
      if (outside(el, root, exclude)) return { el, selector };
    }
  }
  return undefined;
}

/** Every element under `root` matching `selector` outside `exclude`, in document order. */
export function queryAllOutside(root: Element, selector: string, exclude?: string): Element[] {
  return safeQueryAll(root, selector).filter((el) => outside(el, root, exclude));
}

export function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

export function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
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

const MAX_URL = 2048;

/**
 * `href` resolved against `base`, if it is an http(s) URL of reasonable length; undefined for
 * `javascript:`, `data:` and anything unparsable.
 */
export function httpUrl(href: string | null | undefined, base: string): URL | undefined {
  if (!href || href.length > MAX_URL) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

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

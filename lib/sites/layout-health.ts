/**
 * Does the adapter still understand this page? When a supported page shows post-like containers
 * but the adapter recognises none of them, or most of what it reads is partial, the site has
 * probably changed its markup. This says so, with a diagnostic a user can paste into a report:
 * page kind, layout, selector hit counts, adapter version. Never post content, names, handles,
 * ids or URLs: only counts, selectors (ours) and field names.
 *
 * Pure: it reads the document and returns data; the content script decides when to run it.
 */
import { safeQuery, safeQueryAll } from './dom';
import { lazily } from './labels';
import { LI } from './selectors-linkedin';
import { XS } from './selectors-x';
import type { Platform, SiteAdapter } from './types';

/** Bump when an adapter's reading rules change, so that reports name the rules they ran. */
export const ADAPTER_VERSIONS: Readonly<Record<Platform, string>> = {
  linkedin: 'linkedin-2026.12',
  x: 'x-2026.12',
};

/** Fewer containers than this say nothing (a page still loading, a profile with one post). */
const MIN_CONTAINERS = 3;
/** Partial reads are judged once this many posts were read. */
const MIN_READS = 3;
/** Posts read to judge partial reads: enough to tell, and bounded on a 1,000-post page. */
export const MAX_READS = 50;
/**
 * Containers counted for a diagnostic: its count stops here ("this many or more"). Each one is
 * looked into, and a long feed has thousands; the verdict needs MIN_CONTAINERS.
 */
export const MAX_CONTAINERS = 200;

/**
 * What looks like a post on each site without asking the adapter: the sites' stable, coarse
 * landmarks (a row or article holding a link to a person and, on X, a time). Deliberately looser
 * than the adapters' selectors, so that a renamed hook leaves these standing.
 */
const CONTAINERS: Readonly<Record<Platform, { box: string; needs: readonly string[] }>> = {
  linkedin: {
    box: '[role="listitem"], [role="article"], [data-id^="urn:li:activity:"], [data-urn^="urn:li:activity:"]',
    needs: ['a[href*="/in/"], a[href*="/company/"]', 'button'],
  },
  x: {
    box: 'article, [data-testid="cellInnerDiv"]',
    needs: ['a[href*="/status/"]', 'time'],
  },
};

export type LayoutProblem = 'no-posts-recognised' | 'mostly-partial';

export interface LayoutDiagnostic {
  platform: Platform;
  adapterVersion: string;
  /** What kind of page (feed, post, profile…) from the URL's shape, never the URL itself. */
  pageKind: string;
  layout: string;
  /**
   * Post-like containers seen (outermost only; MAX_CONTAINERS means that many or more) and posts
   * the adapter recognised.
   */
  containers: number;
  recognised: number;
  /** Partial reads among the first MAX_READS posts. */
  partial: number;
  /** How often each field was missing in partial reads (field names only). */
  missing: Record<string, number>;
  /** Elements each of the adapter's selector alternatives matches in the page. */
  selectorHits: Record<string, number>;
}

/**
 * A healthy page says only what was counted on the way; the diagnostic — every selector of the
 * site's table run over the whole document, every container looked into: most of a check's time
 * on a long feed (about 80 of 100 ms on a 3,000-post X timeline) — is made only for a problem,
 * which is the only result anyone is told of.
 */
export type LayoutHealth =
  | { ok: true; problem?: undefined; recognised: number; partial: number }
  | { ok: false; problem: LayoutProblem; diagnostic: LayoutDiagnostic };

/** The page kind from the URL path's shape (no slugs, handles or ids are kept). */
export function pageKind(platform: Platform, url: URL): string {
  const path = url.pathname;
  if (platform === 'linkedin') {
    if (/^\/feed\/update\//.test(path) || /^\/posts\//.test(path)) return 'post';
    if (/^\/feed\/?$/.test(path)) return 'feed';
    if (/^\/(company|showcase|school)\/[^/]+\/posts/.test(path)) return 'company-posts';
    if (/^\/in\/[^/]+\/recent-activity\/reactions/.test(path)) return 'member-reactions';
    if (/^\/in\/[^/]+\/recent-activity/.test(path)) return 'member-activity';
    if (/^\/search\//.test(path)) return 'search';
    if (/^\/(in|company)\//.test(path)) return 'profile';
    return 'other';
  }
  if (/^\/home\/?$/.test(path)) return 'home';
  if (/^\/i\/bookmarks/.test(path)) return 'bookmarks';
  if (/^\/i\/lists\//.test(path)) return 'list';
  if (/^\/search/.test(path)) return 'search';
  if (/^\/[^/]+\/status(es)?\/\d+/.test(path)) return 'status';
  if (/^\/[^/]+\/article\//.test(path)) return 'article';
  if (/^\/[^/]+\/likes\/?$/.test(path)) return 'likes';
  if (/^\/[^/]+\/?$/.test(path)) return 'profile';
  return 'other';
}

/** Which of the site's layouts the page uses, from page-level landmarks. */
export function layoutName(platform: Platform, doc: Document): string {
  const body = doc.body;
  if (platform === 'linkedin') {
    if (body?.hasAttribute('data-rehydrated')) return 'react';
    if (body?.classList.contains('ember-application')) return 'ember';
    return 'unknown';
  }
  return doc.getElementById('react-root') ? 'react-native-web' : 'unknown';
}

function alternatives(table: unknown, out: Set<string>): Set<string> {
  if (typeof table === 'string') for (const s of table.split(/,\s*(?![^(]*\))/)) out.add(s);
  else if (Array.isArray(table)) for (const t of table) alternatives(t, out);
  else if (table && typeof table === 'object') {
    for (const t of Object.values(table)) alternatives(t, out);
  }
  return out;
}

/** Every alternative of a site's selector table, listed when a check first runs (not at load). */
const selectorsOf = lazily((): Readonly<Record<Platform, readonly string[]>> => ({
  linkedin: [...alternatives(LI, new Set())],
  x: [...alternatives(XS, new Set())],
}));

/** Post-like containers, outermost only (rows wrap articles). */
function countContainers(platform: Platform, doc: Document): number {
  const { box, needs } = CONTAINERS[platform];
  let count = 0;
  let last: Element | undefined;
  for (const el of safeQueryAll(doc, box)) {
    if (last?.contains(el)) continue;
    if (needs.every((n) => safeQuery(el, n) !== null)) {
      count++;
      last = el;
      if (count >= MAX_CONTAINERS) break;
    }
  }
  return count;
}

/**
 * The check as a series of steps, each a few milliseconds at most (one post read, one selector
 * counted): the content script runs them in idle slices (layout-schedule.ts `runInSlices`), so
 * the check — its first reads compile the reader's code — never holds the page in one long task.
 */
export function* layoutHealthSteps(
  doc: Document,
  adapter: SiteAdapter,
  page: URL,
): Generator<void, LayoutHealth, void> {
  const platform = adapter.platform;
  const posts = adapter.findPosts(doc);
  yield;
  const missing: Record<string, number> = {};
  let partial = 0;
  let reads = 0;
  for (const el of posts.slice(0, MAX_READS)) {
    // Between slices the site may have dropped a post (X recycles its rows): no verdict on it.
    if (!el.isConnected) continue;
    const read = adapter.extract(el, page);
    reads++;
    yield;
    if (!read.partial) continue;
    partial++;
    for (const field of read.missing ?? []) missing[field] = (missing[field] ?? 0) + 1;
  }
  // The verdict first, from what was read; the containers only where no post was recognised.
  let containers: number | undefined;
  let problem: LayoutProblem | undefined;
  if (posts.length === 0) {
    containers = countContainers(platform, doc);
    if (containers >= MIN_CONTAINERS) problem = 'no-posts-recognised';
  } else if (reads >= MIN_READS && partial * 2 > reads) problem = 'mostly-partial';
  if (!problem) return { ok: true, recognised: posts.length, partial };
  const selectorHits: Record<string, number> = {};
  for (const selector of selectorsOf()[platform]) {
    yield;
    selectorHits[selector] = safeQueryAll(doc, selector).length;
  }
  yield;
  const diagnostic: LayoutDiagnostic = {
    platform,
    adapterVersion: ADAPTER_VERSIONS[platform],
    pageKind: pageKind(platform, page),
    layout: layoutName(platform, doc),
    containers: containers ?? countContainers(platform, doc),
    recognised: posts.length,
    partial,
    missing,
    selectorHits,
  };
  return { ok: false, problem, diagnostic };
}

/** The whole check at once (tests, tools): `layoutHealthSteps` run to the end. */
export function layoutHealth(doc: Document, adapter: SiteAdapter, page: URL): LayoutHealth {
  const steps = layoutHealthSteps(doc, adapter, page);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The diagnostic as the text a user copies into a report. */
export function diagnosticText(health: Extract<LayoutHealth, { ok: false }>): string {
  return JSON.stringify({ problem: health.problem, ...health.diagnostic }, null, 2);
}

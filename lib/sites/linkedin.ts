/**
 * LinkedIn adapter: finds and reads posts in both live layouts, the React/SDUI feed (post id only
 * inside `data-view-tracking-scope` bytes) and the legacy Ember markup (`data-urn`/`data-id`,
 * still used by post pages and some accounts' feeds). Selectors: selectors-linkedin.ts.
 */
import type { Person } from '../capture';
import { logSelectorFailure } from './debug-log';
import {
  extractSafely,
  httpUrl,
  isoTime,
  outermost,
  pageUrl,
  queryFirst,
  safeMatches,
  safeQuery,
  safeQueryAll,
  Scope,
} from './dom';
import { firstOwned, ownedBy } from './post-key';
import { LI, LI_AD_LABELS } from './selectors-linkedin';
import { contentKey, nameText, readText } from './text';
import type { ExtractedPost, SiteAdapter } from './types';

const ORIGIN = 'https://www.linkedin.com';
/** A post URN; the number is a 63-bit id whose top 41 bits are the creation time in ms. */
const POST_URN = /^urn:li:(?:activity|ugcPost|share):\d{1,25}$/;
const POST_URN_IN_TEXT = /urn:li:(?:activity|ugcPost|share):\d{1,25}(?!\w)/;
/** Ember ads: `urn:li:sponsoredContentV2:(urn:li:ugcPost:N,urn:li:sponsoredCreative:M)`. */
const SPONSORED_URN = /^urn:li:sponsoredContentV2:\((urn:li:(?:activity|ugcPost|share):\d{1,25}),/;
const MARKER_URN = /^urn:li:(?:activity|ugcPost|share|sponsoredContentV2):/;
/** Post pages: `/feed/update/<urn>/` or `/posts/<slug>-activity-<id>-xxxx/`. */
const PAGE_UPDATE = /^\/feed\/update\/(urn:li:(?:activity|ugcPost|share):\d{1,25})\/?$/;
const PAGE_POSTS = /^\/posts\/[^/]*-(activity|ugcPost|share)-(\d{1,25})-[^/]*\/?$/;
const CONTROL_MENU_LABEL = /^Open control menu for post by (.+)$/;
const REPOSTED_THIS = /^(.+?) reposted this$/i;
/** React row key: "expanded" + an opaque key + an optional feed type suffix. */
const COMPONENT_KEY = /^expanded([A-Za-z0-9_-]{16,128}?)(?:FeedType_[A-Za-z_]+)?$/;
/** Tracking scopes larger than this are not parsed (a real one is well under 2 kB). */
const MAX_SCOPE = 64_000;
const UTF8 = new TextDecoder();

type Layout = 'react' | 'ember';
type Selectors = { readonly [K in keyof typeof LI.byLayout]: readonly string[] };

/** Each layout's alternatives first, the other layout's after them. */
function ordered(first: Layout): Selectors {
  const other: Layout = first === 'react' ? 'ember' : 'react';
  const entries = Object.entries(LI.byLayout).map(([name, v]) => [
    name,
    [...v[first], ...v[other]],
  ]);
  return Object.fromEntries(entries) as Selectors;
}
const SELECTORS: Record<Layout, Selectors> = { react: ordered('react'), ember: ordered('ember') };

/** Creation time of a LinkedIn post from its URN or numeric id: `id >> 22` ms since 1970. */
export function linkedInTimeFromId(urnOrId: string): string | undefined {
  const digits = urnOrId.slice(urnOrId.lastIndexOf(':') + 1);
  return /^\d{1,25}$/.test(digits) ? isoTime(BigInt(digits) >> 22n) : undefined;
}

export function linkedInPermalink(urn: string): string {
  return `${ORIGIN}/feed/update/${urn}/`;
}

const PLAIN_PROFILE =
  /^https:\/\/www\.linkedin\.com(?![^?#]*%2[eE])(\/[A-Za-z0-9_%/-]{1,200})(?:[?#][^\s\\]*)?$/;

/** A profile link reduced to `in/<slug>` or `company/<slug>` and its canonical URL. */
export function linkedInProfile(
  href: string | null | undefined,
): { handle: string; url: string } | undefined {
  // LinkedIn's own absolute links need no URL parser when their path is plain (no dot segments,
  // no escapes that a parser would rewrite): the common case, and the parser dominates the cost.
  const plain = href ? PLAIN_PROFILE.exec(href) : null;
  let path = plain?.[1];
  if (path === undefined) {
    const url = httpUrl(href, ORIGIN);
    if (!url || !/(^|\.)linkedin\.com$/.test(url.hostname)) return undefined;
    path = url.pathname;
  }
  const match = /^\/(in|company|school|showcase)\/([^/]{1,100})/.exec(path);
  if (!match) return undefined;
  const [, type, slug] = match as unknown as [string, string, string];
  let readable = slug;
  try {
    readable = decodeURIComponent(slug);
  } catch {
    // A malformed escape: keep the slug as written.
  }
  return { handle: `${type}/${readable}`, url: `${ORIGIN}/${type}/${slug}/` };
}

/** The post URN a `data-urn`/`data-id` value stands for, and whether it is an ad's. */
function parseMarkerUrn(value: string): { id?: string; sponsored: boolean } {
  const ad = SPONSORED_URN.exec(value);
  if (ad) return { id: ad[1], sponsored: true };
  if (value.startsWith('urn:li:sponsoredContentV2:')) return { sponsored: true };
  return { id: POST_URN.test(value) ? value : undefined, sponsored: false };
}

/** The `data-urn` (or `data-id`) of an Ember post element, if it names a post. */
function markerUrn(el: Element | null): string | undefined {
  if (!el) return undefined;
  for (const attr of ['data-urn', 'data-id']) {
    const value = el.getAttribute(attr);
    if (value && value.length < 300 && MARKER_URN.test(value)) return value;
  }
  return undefined;
}

/** The URN marking an Ember post: on the post root (`data-id`) or its card (`data-urn`). */
function emberMarker(el: Element): string | undefined {
  return markerUrn(el) ?? markerUrn(safeQuery(el, '[data-urn^="urn:li:"]'));
}

/** Ember posts carry a URN marker; React cards none. */
function layoutOf(el: Element): Layout {
  return emberMarker(el) === undefined ? 'react' : 'ember';
}

function toPostRoot(marker: Element): Element | undefined {
  if (safeMatches(marker, LI.postMarker[0])) return marker.closest(LI.reactRow) ?? marker;
  // `urn:li:comment:` and other non-post URNs are not posts.
  return markerUrn(marker) ? marker : undefined;
}

/** The update URN inside a React tracking scope: JSON array → breadcrumb bytes → JSON. */
export function urnFromTrackingScope(raw: string): string | undefined {
  if (raw.length > MAX_SCOPE) return undefined;
  const byteArrays: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(raw);
    for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
      byteArrays.push(dig(entry, ['breadcrumb', 'content', 'data']));
    }
  } catch {
    // Broken JSON around intact bytes: salvage the first complete byte array.
    const data = /"data"\s*:\s*\[([\d,\s]{1,20000})\]/.exec(raw)?.[1];
    if (data) byteArrays.push(data.split(',').map(Number));
  }
  for (const data of byteArrays) {
    if (!Array.isArray(data) || data.length > MAX_SCOPE) continue;
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const b: unknown = data[i];
      bytes[i] = typeof b === 'number' ? b & 255 : 0;
    }
    const decoded = UTF8.decode(bytes);
    try {
      const update = dig(JSON.parse(decoded), ['updateUrn']);
      if (typeof update === 'string' && POST_URN.test(update)) return update;
    } catch {
      // Not JSON: the URN may still be in the text.
    }
    // updateUrn may also wrap the post URN (`urn:li:fsd_update:(urn:li:activity:N,…)`).
    const found = POST_URN_IN_TEXT.exec(decoded)?.[0];
    if (found) return found;
  }
  return POST_URN_IN_TEXT.exec(raw)?.[0];
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function readReactId(own: Scope): string | undefined {
  const el = own.root;
  const scopes: Element[] = [];
  for (const selector of LI.trackingScope) {
    if (safeMatches(el, selector)) scopes.push(el);
    scopes.push(...own.all(selector));
    // A card found without its row may sit inside its scope: use it if it holds this post only.
    const around = el.parentElement?.closest(selector);
    if (around && safeQueryAll(around, LI.postMarker[0]).length <= 1) scopes.push(around);
  }
  for (const scope of scopes) {
    const urn = urnFromTrackingScope(scope.getAttribute('data-view-tracking-scope') ?? '');
    if (urn) return urn;
  }
  logSelectorFailure({
    platform: 'linkedin',
    field: 'id',
    tried: LI.trackingScope,
    reason: scopes.length === 0 ? 'no tracking scope' : 'no update URN in the tracking scope',
  });
  return undefined;
}

/** A post page names its post in the path; used only when the post's own markup does not. */
function idFromPage(page: URL): string | undefined {
  let path = page.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const update = PAGE_UPDATE.exec(path);
  if (update) return update[1];
  const posts = PAGE_POSTS.exec(path);
  return posts ? `urn:li:${posts[1]}:${posts[2]}` : undefined;
}

function readPerson(
  scope: Scope,
  sel: Selectors,
  withMenu: boolean,
  link = scope.first(sel.actorLink)?.el,
): Person {
  let name: string | undefined;
  if (withMenu) {
    const menu = scope.first(sel.controlMenu);
    name = nameText(CONTROL_MENU_LABEL.exec(menu?.el.getAttribute('aria-label') ?? '')?.[1]);
  }
  if (!name) {
    const visible = scope.first(sel.actorName);
    name = visible ? nameText(readText(visible.el, { max: 1000 }).text) : undefined;
  }
  const profile = link ? linkedInProfile(link.getAttribute('href')) : undefined;
  return { name, handle: profile?.handle, url: profile?.url };
}

function isAd(own: Scope, sel: Selectors): boolean {
  if (own.first(LI.adImage)) return true;
  for (const selector of sel.actorSubLine) {
    const labels = own.all(selector);
    // Labels are short plain text: compare the whole of it, trimmed.
    if (labels.length > 0)
      return labels.some((l) => LI_AD_LABELS.has((l.textContent ?? '').trim()));
  }
  return false;
}

/**
 * A plain repost: a header line "NAME reposted this" before the author block (Ember:
 * `.update-components-header`; React: a preceding sibling of the actor header).
 */
function readRepostedBy(
  own: Scope,
  sel: Selectors,
  actorLink: Element | undefined,
): Person | undefined {
  const el = own.root;
  const lines: Element[] = [];
  const header = own.first(sel.repostHeader);
  if (header) lines.push(header.el);
  for (let node = actorLink?.parentElement; node && node !== el; node = node.parentElement) {
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      lines.push(sib);
    }
  }
  for (const line of lines) {
    // A header line is short; its textContent is a cheap first test.
    const raw = line.textContent ?? '';
    if (raw.length > 1000 || !/reposted this/i.test(raw)) continue;
    const match = REPOSTED_THIS.exec(readText(line).text);
    if (!match) continue;
    let profile: ReturnType<typeof linkedInProfile>;
    for (const a of safeQueryAll(line, 'a[href]')) {
      profile = linkedInProfile(a.getAttribute('href'));
      if (profile) break;
    }
    return { name: nameText(match[1]), handle: profile?.handle, url: profile?.url };
  }
  return undefined;
}

function readQuoted(box: Element, sel: Selectors): NonNullable<ExtractedPost['quoted']> {
  const link = queryFirst(box, sel.quoteLink);
  const url = link ? httpUrl(link.el.getAttribute('href'), ORIGIN) : undefined;
  let id: string | undefined;
  if (url && /(^|\.)linkedin\.com$/.test(url.hostname)) {
    let path = url.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path
    }
    id = PAGE_UPDATE.exec(path)?.[1];
  }
  return {
    id,
    url: id ? linkedInPermalink(id) : undefined,
    author: readPerson(new Scope(box), sel, false),
    postedAt: id ? linkedInTimeFromId(id) : undefined,
  };
}

/** The opaque part of a React row's `componentkey`: a key for posts without a readable id. */
function componentKey(el: Element): string | undefined {
  const row = safeMatches(el, LI.reactRow) ? el : el.closest(LI.reactRow);
  const value = row?.getAttribute('componentkey') ?? '';
  return COMPONENT_KEY.exec(value)?.[1];
}

function extractPost(el: Element, page: URL): ExtractedPost {
  const missing: string[] = [];
  const own = new Scope(el, LI.notOwn);
  const marker = emberMarker(el);
  const sel = SELECTORS[marker === undefined ? 'react' : 'ember'];
  let id: string | undefined;
  let sponsoredUrn = false;
  if (marker !== undefined) {
    const parsed = parseMarkerUrn(marker);
    id = parsed.id;
    sponsoredUrn = parsed.sponsored;
    if (!id && !sponsoredUrn) {
      logSelectorFailure({
        platform: 'linkedin',
        field: 'id',
        tried: ['data-urn', 'data-id'],
        reason: 'not a post URN',
      });
    }
  } else {
    id = readReactId(own);
  }
  // A post page's path names its main post: the first post of the page, never the others.
  if (!id && !sponsoredUrn) {
    const fromPage = idFromPage(page);
    if (fromPage && linkedinAdapter.findPosts(el.ownerDocument)[0] === el) id = fromPage;
  }

  const actorLink = own.first(sel.actorLink)?.el;
  const author = readPerson(own, sel, true, actorLink);
  if (!author.name && !author.handle) {
    missing.push('author');
    logSelectorFailure({
      platform: 'linkedin',
      field: 'author',
      tried: [...sel.controlMenu, ...sel.actorName, ...sel.actorLink],
    });
  }

  const textEl = own.first(sel.text);
  const read = textEl ? readText(textEl.el, { skip: LI.textSkip }) : { text: '', truncated: false };
  if (read.truncated) missing.push('text (truncated)');

  const quoteBox = queryFirst(el, sel.quoteBox)?.el;
  const sponsored = sponsoredUrn || isAd(own, sel);
  const repostedBy = sponsored ? undefined : readRepostedBy(own, sel, actorLink);
  let kind: ExtractedPost['kind'] = 'post';
  if (sponsored) kind = 'sponsored';
  else if (quoteBox) kind = read.text ? 'quote' : 'repost';
  else if (repostedBy) kind = 'repost';

  if (!id && !sponsored) missing.unshift('id');
  const opaque = id ? undefined : componentKey(el);
  const post: ExtractedPost = {
    platform: 'linkedin',
    id,
    // Ads have no public permalink, even when their post URN is known.
    url: id && !sponsored ? linkedInPermalink(id) : pageUrl(page),
    kind,
    author,
    postedAt: id ? linkedInTimeFromId(id) : undefined,
    text: read.text,
    key: id ?? (opaque ? `key:${opaque}` : contentKey(author.handle ?? author.name, read.text)),
  };
  if (quoteBox) post.quoted = readQuoted(quoteBox, sel);
  if (repostedBy) post.repostedBy = repostedBy;
  if (missing.length > 0) {
    post.partial = true;
    post.missing = missing;
  }
  return post;
}

/**
 * The key `extractPost` gives when the post names its URN (an Ember marker, or the first own
 * tracking scope of a React card); undefined where only the full read can tell.
 */
function fastKey(el: Element): string | undefined {
  const marker = emberMarker(el);
  if (marker !== undefined) return parseMarkerUrn(marker).id;
  const selector = LI.trackingScope[0];
  let scope: Element | undefined = safeMatches(el, selector) ? el : undefined;
  if (!scope) {
    for (const found of safeQueryAll(el, selector)) {
      if (ownedBy(el, found, LI.notOwn)) {
        scope = found;
        break;
      }
    }
  }
  return scope
    ? urnFromTrackingScope(scope.getAttribute('data-view-tracking-scope') ?? '')
    : undefined;
}

export const linkedinAdapter: SiteAdapter = {
  platform: 'linkedin',

  serves: (url) => url.protocol === 'https:' && url.hostname === 'www.linkedin.com',

  findPosts(root) {
    const selector = LI.postMarker.join(', ');
    const candidates: Element[] = [];
    if ('matches' in root && safeMatches(root as Element, selector))
      candidates.push(root as Element);
    candidates.push(...safeQueryAll(root, selector));
    return outermost(candidates, toPostRoot);
  },

  extract: (el, page) => extractSafely('linkedin', el, page, () => extractPost(el, page)),

  keyOf: (el, page) => fastKey(el) ?? linkedinAdapter.extract(el, page).key,

  /**
   * Next to the post's "…" control menu, in the header:
   * - Ember: inside `.feed-shared-control-menu`, an absolutely positioned box at the top right, so
   *   nothing in the post moves.
   * - React: in the header row that holds the menu button (a flex row: the name column gives up
   *   the flag's width; names and headlines are one truncated line, so the height stays).
   * - Otherwise the action bar, else the post itself.
   */
  flagSlot(el) {
    const sel = SELECTORS[layoutOf(el)];
    const box = firstOwned(el, sel.flagSlot, LI.notOwn);
    if (box) return box;
    const header = firstOwned(el, sel.controlMenu, LI.notOwn)?.parentElement;
    if (header && el.contains(header)) return header;
    return firstOwned(el, sel.actionBar, LI.notOwn) ?? el;
  },
};

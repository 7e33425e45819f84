/**
 * The X adapter's part the content script carries (types.ts `PostLocator`): find tweets, key them
 * from their status link, place the flag. The full read is x.ts, in the post reader.
 */
import { httpUrl, findOutermost, safeQueryAll } from './dom';
import { firstOwned, ownedBy } from './post-key';
import { X_RESERVED_PATHS, XS } from './selectors-x';
import type { PostLocator } from './types';

export const X_HOSTS: ReadonlySet<string> = new Set([
  'x.com',
  'twitter.com',
  'mobile.x.com',
  'mobile.twitter.com',
]);

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

/** `/<handle>/status/<id>`, optionally a media viewer suffix (`/photo/1`, `/video/1`). */
const STATUS_PATH =
  /^\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,25})(\/(?:photo|video)\/\d{1,2})?\/?$/;

/** A root-relative path made of these characters only means the same as it reads. */
const PLAIN_PATH = /^\/(?![/\\])[A-Za-z0-9_/-]{0,200}$/;

export function xPathOf(href: string | null | undefined, page: URL): string | undefined {
  // X's own links are plain relative paths: skip the URL parser for them (it dominates the cost).
  if (href && PLAIN_PATH.test(href)) return href;
  const url = httpUrl(href, page.origin);
  return url && X_HOSTS.has(url.hostname) ? url.pathname : undefined;
}

export function validHandle(value: string | undefined): string | undefined {
  return value && HANDLE.test(value) && !X_RESERVED_PATHS.has(value.toLowerCase())
    ? value
    : undefined;
}

/** Handle and id of a status link or path; `media` for a photo/video viewer link. */
export function statusFromPath(
  path: string | undefined,
): { handle?: string; id: string; media: boolean } | undefined {
  const match = path ? STATUS_PATH.exec(path) : null;
  if (!match) return undefined;
  return { handle: validHandle(match[1]), id: match[2]!, media: match[3] !== undefined };
}

/**
 * The key `extractPost` gives, from the status link around the post's own time, or undefined
 * where only the full read can tell (an ad's key is a hash of its text; so is a post's without
 * a status link).
 */
export function fastKey(el: Element, page: URL): string | undefined {
  if (el.parentElement?.closest(XS.promotedAncestor)) return undefined;
  let id: string | undefined;
  for (const selector of XS.time) {
    for (const time of safeQueryAll(el, selector)) {
      const link = time.closest('a[href]');
      if (!link || !el.contains(link) || !ownedBy(el, time, XS.notOwn)) continue;
      const found = statusFromPath(xPathOf(link.getAttribute('href'), page));
      if (!found || found.media) continue;
      id = found.id;
      break;
    }
    if (id) break;
  }
  // The focal tweet of a status page: the location's id, when its own link made it no ad.
  if (id && el.getAttribute('tabindex') === '-1') return statusFromPath(page.pathname)?.id ?? id;
  return id;
}

/** The content script's part of the adapter (types.ts `PostLocator`): no post is read in full. */
export const xLocator: PostLocator = {
  platform: 'x',

  serves: (url) => url.protocol === 'https:' && X_HOSTS.has(url.hostname),

  findPosts: (root) => findOutermost(root, XS.post, (el) => el),

  fastKey,

  /**
   * In the header's right-hand row, after the "…" (caret) menu and Grok buttons: that row is
   * sized by its buttons and sits beside the name line, so a small inline element there moves
   * nothing below it. Ads have the same row (with the "Ad" label). Fallbacks: the action bar,
   * else the article.
   */
  flagSlot(el) {
    const caret = firstOwned(el, XS.caret, XS.notOwn);
    for (let node = caret, depth = 0; node && depth < 6; depth++) {
      const parent: Element | null = node.parentElement;
      if (!parent || parent === el) break;
      if (parent.childElementCount >= 2) return parent;
      node = parent;
    }
    return firstOwned(el, XS.actionBar, XS.notOwn) ?? el;
  },
};

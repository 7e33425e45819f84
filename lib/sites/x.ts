/**
 * X (Twitter) adapter: home timeline, status (conversation) pages, profiles, lists and search,
 * on x.com, twitter.com and their mobile hosts. Permalinks always use https://x.com.
 * Selectors: selectors-x.ts.
 */
import type { Person } from '../capture';
import { logSelectorFailure } from './debug-log';
import {
  checkAuthor,
  extractSafely,
  finishPost,
  isoFromDatetime,
  isoTime,
  pageUrl,
  queryFirst,
  readOwnText,
  safeMatches,
  safeQuery,
  safeQueryAll,
  Scope,
} from './dom';
import { nameInLabel } from './labels';
import { xAdLabels, xReposted, XS } from './selectors-x';
import { contentKey, nameText, readText } from './text';
import type { ExtractedPost, SiteAdapter } from './types';
import { fastKey, statusFromPath, validHandle, xLocator, xPathOf } from './x-locator';

export { statusFromPath, X_HOSTS } from './x-locator';

const CANONICAL = 'https://x.com';
const NOT_REPOST = /\b(?:pinned|promoted|liked|replied|follows?|followed)\b/i;
const TWITTER_EPOCH = 1288834974657n;
/** Ids before snowflakes (Nov 2010) were sequential and smaller than a day's worth of this. */
const MIN_SNOWFLAKE_MS = 86_400_000n;

/** Creation time of a tweet from its (snowflake) id: `(id >> 22) + 1288834974657` ms. */
export function xTimeFromId(id: string): string | undefined {
  if (!/^\d{1,25}$/.test(id)) return undefined;
  const offset = BigInt(id) >> 22n;
  return offset < MIN_SNOWFLAKE_MS ? undefined : isoTime(offset + TWITTER_EPOCH);
}

export function xPermalink(handle: string | undefined, id: string): string {
  // /i/status/<id> redirects to the author's path: a valid permalink when the handle is unknown.
  return `${CANONICAL}/${handle ?? 'i'}/status/${id}`;
}

/** The handle of a profile link (`/<handle>`), if it is one. */
export function handleFromHref(href: string | null | undefined, page: URL): string | undefined {
  const path = xPathOf(href, page);
  const segment = path ? /^\/([^/]+)\/?$/.exec(path)?.[1] : undefined;
  return validHandle(segment);
}

function profile(handle: string | undefined, name: string | undefined): Person {
  return { name, handle, url: handle ? `${CANONICAL}/${handle}` : undefined };
}

/**
 * Name and handle from a User-Name block. A post's block links the name to `/<handle>`; a quote
 * box's copy has no links, so its name and "@handle" lines are read as text. Posts embedded in
 * X Articles (2026) have no profile link either, but their time link sits in the block: a line
 * inside a link that is no profile link, or holding a `<time>`, is never the name.
 */
function readUserName(block: Element, page: URL): Person {
  let handle: string | undefined;
  let name: string | undefined;
  for (const link of safeQueryAll(block, 'a[href]')) {
    if (isTimeLink(link, page)) continue;
    handle ??= handleFromHref(link.getAttribute('href'), page);
    const text = readText(link, { max: 1000 }).text;
    if (!text.startsWith('@')) name ??= nameText(text);
    if (name) break;
  }
  if (!name || !handle) {
    for (const line of safeQueryAll(block, 'div[dir], span[dir]')) {
      const link = line.closest('a[href]');
      if (link && block.contains(link) && isTimeLink(link, page)) continue;
      if (safeQuery(line, 'time')) continue;
      const text = readText(line, { max: 1000 }).text;
      if (text === '' || text === '·') continue;
      if (text.startsWith('@')) handle ??= validHandle(text.slice(1));
      else name ??= nameText(text);
      if (name && handle) break;
    }
  }
  return profile(handle, name);
}

/** A post's time link: to a status, or around a `<time>`. Its text is a date, never a name. */
function isTimeLink(link: Element, page: URL): boolean {
  return (
    statusFromPath(xPathOf(link.getAttribute('href'), page)) !== undefined ||
    safeQuery(link, 'time') !== null
  );
}

/** The author's handle from the avatar: its container's test id, else its profile link. */
function avatarHandle(scope: Scope, page: URL): string | undefined {
  const avatar = scope.first(XS.avatar);
  if (!avatar) return undefined;
  const testId = avatar.el.getAttribute('data-testid') ?? '';
  if (testId.startsWith('UserAvatar-Container-')) {
    return validHandle(testId.slice('UserAvatar-Container-'.length));
  }
  return handleFromHref(avatar.el.getAttribute('href'), page);
}

/**
 * The quote box: among the parts that are not the post's own, a `div[role=link]` holding a
 * User-Name or a time, or else a nested article (a quote of an unavailable post).
 */
function findQuoteBox(own: Scope): Element | undefined {
  let nested: Element | undefined;
  for (const part of own.parts) {
    if (part.tagName === 'ARTICLE') nested ??= part;
    else if (XS.quoteBox.some((s) => safeMatches(part, s))) {
      if (safeQuery(part, XS.userName[0]) || safeQuery(part, 'time')) return part;
    }
  }
  return nested;
}

function readQuoted(box: Element, page: URL): NonNullable<ExtractedPost['quoted']> {
  // The quoted tweet has no status link of its own; its media links carry its id.
  let status: ReturnType<typeof statusFromPath>;
  for (const selector of XS.statusLink) {
    for (const link of safeQueryAll(box, selector)) {
      status = statusFromPath(xPathOf(link.getAttribute('href'), page));
      if (status) break;
    }
    if (status) break;
  }
  const userName = queryFirst(box, XS.userName);
  const person = userName ? readUserName(userName.el, page) : profile(undefined, undefined);
  const handle = person.handle ?? status?.handle ?? avatarHandle(new Scope(box), page);
  const time = queryFirst(box, XS.time);
  const id = status?.id;
  return {
    id,
    url: id ? xPermalink(status?.handle ?? handle, id) : undefined,
    author: profile(handle, person.name),
    postedAt:
      isoFromDatetime(time?.el.getAttribute('datetime')) ?? (id ? xTimeFromId(id) : undefined),
  };
}

/**
 * "NAME reposted" in a link to the reposter. Other contexts ("Pinned" on a profile) are not
 * reposts. The label is English; in other UI languages a context that links to a profile and is
 * none of the known others counts as a repost.
 */
function readRepostedBy(own: Scope, page: URL): Person | undefined {
  const el = own.root;
  const context = own.first(XS.socialContext);
  if (!context) return undefined;
  const text = readText(context.el, { max: 1000 }).text;
  const link = context.el.closest('a[href]');
  const handle =
    link && el.contains(link) ? handleFromHref(link.getAttribute('href'), page) : undefined;
  const labelled = nameInLabel(xReposted(), text);
  const reposted = labelled !== undefined || (handle !== undefined && !NOT_REPOST.test(text));
  if (!reposted) return undefined;
  // The name has a span of its own; the viewer's own repost ("You reposted") names nobody.
  const first = context.el.firstElementChild;
  const name =
    labelled === '' ? undefined : nameText(first ? readText(first, { max: 1000 }).text : labelled);
  return profile(handle, name);
}

function isAd(own: Scope, hasStatusLink: boolean): boolean {
  if (own.root.parentElement?.closest(XS.promotedAncestor)) return true;
  // Ads have no time or status link; require a second signal, since a broken post lacks them too.
  if (hasStatusLink) return false;
  const labels = new Scope(
    own.root,
    `${XS.notOwn}, [data-testid="tweetText"], [data-testid="User-Name"]`,
  );
  for (const selector of XS.adLabel) {
    for (const label of labels.all(selector)) {
      if (label.childElementCount === 0 && xAdLabels().has((label.textContent ?? '').trim())) {
        return true;
      }
    }
  }
  return own.first(XS.adLink) !== undefined;
}

function extractPost(el: Element, page: URL): ExtractedPost {
  const missing: string[] = [];
  const own = new Scope(el, XS.notOwn);

  // The post's own status link is the one around its <time> (media links have no <time>).
  let status: ReturnType<typeof statusFromPath>;
  let postedAt: string | undefined;
  for (const selector of XS.time) {
    for (const time of own.all(selector)) {
      const link = time.closest('a[href]');
      if (!link || !el.contains(link)) continue;
      const found = statusFromPath(xPathOf(link.getAttribute('href'), page));
      if (!found || found.media) continue;
      status = found;
      postedAt = isoFromDatetime(time.getAttribute('datetime'));
      break;
    }
    if (status) break;
  }
  const hasStatusLink = status !== undefined;

  // The focal tweet of a status page is the one the location names.
  if (el.getAttribute('tabindex') === '-1') {
    const focal = statusFromPath(page.pathname);
    if (focal) {
      if (status && status.id !== focal.id) {
        logSelectorFailure({
          platform: 'x',
          field: 'id',
          tried: ['focal: location'],
          reason: 'differs from the time link',
        });
      }
      if (!status || status.id !== focal.id) {
        status = { handle: focal.handle, id: focal.id, media: false };
        postedAt = undefined;
      }
    }
  }

  const userName = own.first(XS.userName);
  const person = userName ? readUserName(userName.el, page) : profile(undefined, undefined);
  const handle = person.handle ?? status?.handle ?? avatarHandle(own, page);
  const author = profile(handle, person.name);
  checkAuthor('x', author, missing, [...XS.userName, ...XS.avatar]);
  const text = readOwnText(own, XS.text, XS.textSkip, missing);

  const quoteBox = findQuoteBox(own);
  const sponsored = isAd(own, hasStatusLink);
  const repostedBy = sponsored ? undefined : readRepostedBy(own, page);
  let kind: ExtractedPost['kind'] = 'post';
  if (sponsored) kind = 'sponsored';
  else if (repostedBy) kind = 'repost';
  else if (quoteBox) kind = 'quote';

  const id = sponsored ? undefined : status?.id;
  if (!id && !sponsored) {
    missing.unshift('id');
    logSelectorFailure({
      platform: 'x',
      field: 'id',
      tried: XS.time.map((t) => `a[href*="/status/"] ${t}`),
      reason: 'no status link around a time',
    });
  }
  return finishPost(
    {
      platform: 'x',
      id,
      url: id ? xPermalink(status?.handle ?? handle, id) : pageUrl(page),
      kind,
      author,
      postedAt: postedAt ?? (id ? xTimeFromId(id) : undefined),
      text,
      key: id ?? contentKey(author.handle ?? author.name, text),
    },
    { quoted: quoteBox && readQuoted(quoteBox, page), repostedBy, missing },
  );
}

export const xAdapter: SiteAdapter = {
  ...xLocator,

  extract: (el, page) => extractSafely('x', el, page, () => extractPost(el, page)),

  keyOf: (el, page) => fastKey(el, page) ?? xAdapter.extract(el, page).key,
};

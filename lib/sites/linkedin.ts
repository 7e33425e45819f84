/**
 * LinkedIn adapter: finds and reads posts in both live layouts, the React/SDUI feed (post id only
 * inside `data-view-tracking-scope` bytes) and the legacy Ember markup (`data-urn`/`data-id`,
 * still used by post pages and some accounts' feeds). Ids: linkedin-urn.ts; people:
 * linkedin-profile.ts; reposts, quotes and ads: linkedin-kind.ts; selectors: selectors-linkedin.ts.
 */
import { logSelectorFailure } from './debug-log';
import {
  checkAuthor,
  extractSafely,
  finishPost,
  pageUrl,
  queryFirst,
  readOwnText,
  safeMatches,
  safeQueryAll,
  Scope,
} from './dom';
import { isAd, readQuoted, readRepostedBy } from './linkedin-kind';
import { emberMarker, selectorsFor } from './linkedin-layout';
import { fastKey, linkedinLocator } from './linkedin-locator';
import { readPerson } from './linkedin-profile';
import {
  idFromPage,
  linkedInPermalink,
  linkedInTimeFromId,
  parseMarkerUrn,
  urnFromTrackingScope,
} from './linkedin-urn';
import { LI } from './selectors-linkedin';
import { contentKey } from './text';
import type { ExtractedPost, SiteAdapter } from './types';

export { linkedInPermalink, linkedInTimeFromId, urnFromTrackingScope } from './linkedin-urn';
export { linkedInProfile } from './linkedin-profile';

/** React row key: "expanded" + an opaque key + an optional feed type suffix. */
const COMPONENT_KEY = /^expanded([A-Za-z0-9_-]{16,128}?)(?:FeedType_[A-Za-z_]+)?$/;

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
  const sel = selectorsFor(marker === undefined ? 'react' : 'ember');
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
  checkAuthor('linkedin', author, missing, [
    ...sel.controlMenu,
    ...sel.actorName,
    ...sel.actorLink,
  ]);
  const text = readOwnText(own, sel.text, LI.textSkip, missing);

  const quoteBox = queryFirst(el, sel.quoteBox)?.el;
  const sponsored = sponsoredUrn || isAd(own, sel);
  const repostedBy = sponsored ? undefined : readRepostedBy(own, sel, actorLink);
  let kind: ExtractedPost['kind'] = 'post';
  if (sponsored) kind = 'sponsored';
  else if (quoteBox) kind = text ? 'quote' : 'repost';
  else if (repostedBy) kind = 'repost';

  if (!id && !sponsored) missing.unshift('id');
  const opaque = id ? undefined : componentKey(el);
  return finishPost(
    {
      platform: 'linkedin',
      id,
      // Ads have no public permalink, even when their post URN is known.
      url: id && !sponsored ? linkedInPermalink(id) : pageUrl(page),
      kind,
      author,
      postedAt: id ? linkedInTimeFromId(id) : undefined,
      text,
      key: id ?? (opaque ? `key:${opaque}` : contentKey(author.handle ?? author.name, text)),
    },
    { quoted: quoteBox && readQuoted(quoteBox, sel), repostedBy, missing },
  );
}

export const linkedinAdapter: SiteAdapter = {
  ...linkedinLocator,

  extract: (el, page) => extractSafely('linkedin', el, page, () => extractPost(el, page)),

  keyOf: (el, page) => fastKey(el) ?? linkedinAdapter.extract(el, page).key,
};

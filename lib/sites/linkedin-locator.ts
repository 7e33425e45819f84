/**
 * The LinkedIn adapter's part the content script carries (types.ts `PostLocator`): find posts in
 * both layouts, key them from their URN, place the flag. The full read is linkedin.ts, in the
 * post reader.
 */
import { findOutermost, safeMatches, safeQueryAll } from './dom';
import { emberMarker, layoutOf, selectorsFor, toPostRoot } from './linkedin-layout';
import { parseMarkerUrn, urnFromTrackingScope } from './linkedin-urn';
import { firstOwned, ownedBy } from './post-key';
import { LI } from './selectors-linkedin';
import type { PostLocator } from './types';

/**
 * The key `extractPost` gives when the post names its URN (an Ember marker, or the first own
 * tracking scope of a React card); undefined where only the full read can tell.
 */
export function fastKey(el: Element): string | undefined {
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

/** The content script's part of the adapter (types.ts `PostLocator`): no post is read in full. */
export const linkedinLocator: PostLocator = {
  platform: 'linkedin',

  serves: (url) => url.protocol === 'https:' && url.hostname === 'www.linkedin.com',

  findPosts: (root) => findOutermost(root, LI.postMarker, toPostRoot),

  fastKey: (el) => fastKey(el),

  /**
   * Next to the post's "…" control menu, in the header:
   * - Ember: inside `.feed-shared-control-menu`, an absolutely positioned box at the top right, so
   *   nothing in the post moves.
   * - React: in the header row that holds the menu button (a flex row: the name column gives up
   *   the flag's width; names and headlines are one truncated line, so the height stays).
   * - Otherwise the action bar, else the post itself.
   */
  flagSlot(el) {
    // Both layouts' lists start with the same slot (React has none of its own), so the common
    // case needs no telling the layouts apart, which reads the post's markers again.
    const box = firstOwned(el, LI.byLayout.flagSlot.ember, LI.notOwn);
    if (box) return box;
    const sel = selectorsFor(layoutOf(el));
    const header = firstOwned(el, sel.controlMenu, LI.notOwn)?.parentElement;
    if (header && el.contains(header)) return header;
    return firstOwned(el, sel.actionBar, LI.notOwn) ?? el;
  },
};

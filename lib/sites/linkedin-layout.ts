/**
 * Which of LinkedIn's two live layouts a post element uses, and the selector lists in the order
 * that layout reads them (its own alternatives first, the other layout's after them).
 */
import { safeMatches, safeQuery } from './dom';
import { isNonPostUpdate, markerUrn, readTrackingScope } from './linkedin-urn';
import { LI } from './selectors-linkedin';

export type Layout = 'react' | 'ember';
export type Selectors = { readonly [K in keyof typeof LI.byLayout]: readonly string[] };

function ordered(first: Layout): Selectors {
  const other: Layout = first === 'react' ? 'ember' : 'react';
  const entries = Object.entries(LI.byLayout).map(([name, v]) => [
    name,
    [...v[first], ...v[other]],
  ]);
  return Object.fromEntries(entries) as Selectors;
}
/** The lists in `layout`'s order, made at first use (not at every page start). */
const made: Partial<Record<Layout, Selectors>> = {};
export function selectorsFor(layout: Layout): Selectors {
  return (made[layout] ??= ordered(layout));
}

/** The URN marking an Ember post: on the post root (`data-id`) or its card (`data-urn`). */
export function emberMarker(el: Element): string | undefined {
  return markerUrn(el) ?? markerUrn(safeQuery(el, '[data-urn^="urn:li:"]'));
}

/** Ember posts carry a URN marker; React cards none. */
export function layoutOf(el: Element): Layout {
  return emberMarker(el) === undefined ? 'react' : 'ember';
}

/**
 * A React card that LinkedIn tracks as something other than a post (its own promotion cards:
 * "Are you hiring?", premium offers): its tracking scope names an update that is no post.
 */
function isNonPostCard(card: Element, root: Element): boolean {
  const scope =
    (safeMatches(root, LI.trackingScope[0]) ? root : null) ??
    safeQuery(root, LI.trackingScope[0]) ??
    card.parentElement?.closest(LI.trackingScope[0]);
  const raw = scope?.getAttribute('data-view-tracking-scope');
  return raw ? isNonPostUpdate(readTrackingScope(raw).update) : false;
}

/**
 * An Ember row that LinkedIn has emptied while it is off screen ("occluded"): a bare wrapper
 * with the post's URN and nothing a person can see. It is a post again once LinkedIn fills it.
 */
export function isOccluded(root: Element): boolean {
  return (
    safeQuery(root, '[data-urn], a[href], img, button, p, span, article') === null &&
    (root.textContent ?? '').trim() === ''
  );
}

/** The post root of a marker found by `LI.postMarker`, or undefined when it marks no post. */
export function toPostRoot(marker: Element): Element | undefined {
  if (safeMatches(marker, LI.postMarker[0])) {
    const root = marker.closest(LI.reactRow) ?? marker;
    return isNonPostCard(marker, root) ? undefined : root;
  }
  // `urn:li:comment:` and other non-post URNs are not posts; nor is an emptied row.
  return markerUrn(marker) && !isOccluded(marker) ? marker : undefined;
}

/**
 * Which of LinkedIn's two live layouts a post element uses, and the selector lists in the order
 * that layout reads them (its own alternatives first, the other layout's after them).
 */
import { safeMatches, safeQuery } from './dom';
import { markerUrn } from './linkedin-urn';
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
export const SELECTORS: Record<Layout, Selectors> = {
  react: ordered('react'),
  ember: ordered('ember'),
};

/** The URN marking an Ember post: on the post root (`data-id`) or its card (`data-urn`). */
export function emberMarker(el: Element): string | undefined {
  return markerUrn(el) ?? markerUrn(safeQuery(el, '[data-urn^="urn:li:"]'));
}

/** Ember posts carry a URN marker; React cards none. */
export function layoutOf(el: Element): Layout {
  return emberMarker(el) === undefined ? 'react' : 'ember';
}

/** The post root of a marker found by `LI.postMarker`, or undefined when it marks no post. */
export function toPostRoot(marker: Element): Element | undefined {
  if (safeMatches(marker, LI.postMarker[0])) return marker.closest(LI.reactRow) ?? marker;
  // `urn:li:comment:` and other non-post URNs are not posts.
  return markerUrn(marker) ? marker : undefined;
}

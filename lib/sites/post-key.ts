/**
 * Helpers of the adapters' key-only path (`SiteAdapter.keyOf`): the cheap read a flag needs when
 * its post appears, before any full extraction.
 */
import { safeQuery, safeQueryAll } from './dom';

/**
 * Whether `el` (inside `root`) belongs to `root`'s own post, not to a part `notOwn` matches (a
 * quote box, comments): the same answer as `new Scope(root, notOwn).owns(el)`, without a query
 * of every excluded part.
 */
export function ownedBy(root: Element, el: Element, notOwn: string): boolean {
  // The nearest excluded part around `el` (one native walk): owned unless it lies inside root.
  let part: Element | null;
  try {
    part = el.closest(notOwn);
  } catch {
    // An invalid selector excludes nothing, as in Scope.
    return true;
  }
  return !part || part === root || !root.contains(part);
}

/**
 * The first element under `root` matching one of `alternatives` that `root` owns: the answer of
 * `new Scope(root, notOwn).first(alternatives)?.el` without querying every excluded part first
 * (the flag's slot is looked up for every post that appears).
 */
export function firstOwned(
  root: Element,
  alternatives: readonly string[],
  notOwn: string,
): Element | undefined {
  for (const selector of alternatives) {
    const first = safeQuery(root, selector);
    if (!first) continue;
    if (ownedBy(root, first, notOwn)) return first;
    for (const el of safeQueryAll(root, selector)) if (ownedBy(root, el, notOwn)) return el;
  }
  return undefined;
}

/**
 * Helpers of the adapters' key-only path (`SiteAdapter.keyOf`): the cheap read a flag needs when
 * its post appears, before any full extraction.
 */
import { safeMatches, safeQuery, safeQueryAll } from './dom';

/**
 * Whether `el` belongs to `root`'s own post, not to a part `notOwn` matches (a quote box,
 * comments): the same answer as `new Scope(root, notOwn).owns(el)`, by a walk up from `el`
 * instead of a query of every excluded part.
 */
export function ownedBy(root: Element, el: Element, notOwn: string): boolean {
  for (let node: Element | null = el; node && node !== root; node = node.parentElement) {
    if (safeMatches(node, notOwn)) return false;
  }
  return true;
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

/**
 * Helpers of the adapters' key-only path (`SiteAdapter.keyOf`): the cheap read a flag needs when
 * its post appears, before any full extraction.
 */
import { safeMatches } from './dom';

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

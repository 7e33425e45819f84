/** The site adapters, and the one that serves a page. */
import { linkedinAdapter } from './linkedin';
import type { SiteAdapter } from './types';
import { xAdapter } from './x';

export const ADAPTERS: readonly SiteAdapter[] = [linkedinAdapter, xAdapter];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((adapter) => adapter.serves(url));
}

export { setDebug, isDebug, onDemand as onDebugDemand } from './debug-log';
export { linkedinAdapter } from './linkedin';
export { xAdapter } from './x';
export type { ExtractedPost, SiteAdapter } from './types';

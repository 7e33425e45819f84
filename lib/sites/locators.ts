/**
 * The content script's view of the sites: which locator serves a page (types.ts `PostLocator`).
 * Importing the locators alone keeps the post reader (lib/sites/reader.ts) out of the content
 * script's bundle, which every LinkedIn and X page loads.
 */
import { linkedinLocator } from './linkedin-locator';
import type { PostLocator } from './types';
import { xLocator } from './x-locator';

export const LOCATORS: readonly PostLocator[] = [linkedinLocator, xLocator];

export function locatorFor(url: URL): PostLocator | undefined {
  return LOCATORS.find((locator) => locator.serves(url));
}

/**
 * "Is this an http(s) URL": the one check before site or user text becomes a link, an href or a
 * stored URL. A `javascript:`, `data:` or `file:` URL, text that is no URL, or a value longer than
 * a capture may hold never passes. Free of Zod, so the content script can use it too.
 */
import { LIMITS } from './capture-constants';

/**
 * `value` as a parsed http(s) URL, resolved against `base` when given (a link read from a page);
 * undefined otherwise. Values over LIMITS.url are refused unparsed (a hostile page's megabyte
 * `href`, and nothing a capture could store anyway).
 */
export function httpUrl(value: string | null | undefined, base?: string | URL): URL | undefined {
  if (!value || value.length > LIMITS.url) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export function isHttpUrl(value: string | null | undefined): boolean {
  return httpUrl(value) !== undefined;
}

/** The sites Sourced reads posts on. Content scripts and host permissions come from this list. */
export const SITE_MATCHES = [
  'https://www.linkedin.com/*',
  'https://x.com/*',
  'https://twitter.com/*',
  'https://mobile.x.com/*',
  'https://mobile.twitter.com/*',
] as const;

/**
 * Origins an organisation's recognition endpoint may live on. They are optional permissions,
 * requested one origin at a time when the user saves an endpoint.
 */
export const ENDPOINT_ORIGIN_PATTERNS = [
  'https://*/*',
  'http://localhost/*',
  'http://127.0.0.1/*',
] as const;

/**
 * Host names of SITE_MATCHES, for checks on URLs and message senders. Made at first use: the
 * content script imports this module for SITE_MATCHES alone, and parses nothing at page start.
 */
let siteHosts: ReadonlySet<string> | undefined;
function hosts(): ReadonlySet<string> {
  return (siteHosts ??= new Set(
    SITE_MATCHES.map((pattern) => new URL(pattern.replace('/*', '/')).host),
  ));
}

export function isSiteUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && hosts().has(url.host);
  } catch {
    return false;
  }
}

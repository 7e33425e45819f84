/**
 * The host names the receiver answers to. A page on any site can make a victim's browser send
 * requests to loopback under its own name (DNS rebinding): checking the Host header is what tells
 * such a request from one sent to a name the receiver was set up for.
 */

/** Loopback names: enough for `npm start` on one machine. */
export const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * The host name of a Host header or configured name, lower-case, without port or trailing dot,
 * IPv6 in brackets; undefined when it is not a host name.
 */
export function normaliseHost(value: string): string | undefined {
  const text = value.trim();
  if (!text || /[\s/?#@\\]/.test(text)) return undefined;
  // A bare IPv6 address as configured (::1) gets its brackets.
  const bracketed = text.includes(':') && !text.startsWith('[') && text.split(':').length > 2;
  try {
    const hostname = new URL(`http://${bracketed ? `[${text}]` : text}`).hostname;
    return hostname.replace(/\.$/, '') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The allow-list: the loopback names, the names given, the host of the public URL and the address
 * listened on (unless it is a wildcard). Throws on a name that is not one.
 */
export function allowedHosts(
  extra: readonly string[] = [],
  publicUrl?: string,
  listenHost?: string,
): Set<string> {
  const hosts = new Set<string>(DEFAULT_ALLOWED_HOSTS);
  for (const name of extra) {
    const host = normaliseHost(name);
    if (!host) throw new Error(`"${name.slice(0, 100)}" is not a host name (--allowed-hosts).`);
    hosts.add(host);
  }
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).hostname.replace(/\.$/, ''));
    } catch {
      // The configuration refuses a malformed public URL before this runs.
    }
  }
  const listen = listenHost && normaliseHost(listenHost);
  if (listen && listen !== '0.0.0.0' && listen !== '[::]') hosts.add(listen);
  return hosts;
}

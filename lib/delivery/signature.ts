/**
 * Standard Webhooks signatures (HMAC-SHA256 over "{id}.{timestamp}.{body}") with Web Crypto, so
 * the same code signs in the extension's service worker and verifies in the Node receiver.
 */
const encoder = new TextEncoder();

/** The key bytes of a `whsec_<base64>` secret; throws a plain-words error on a malformed one. */
export function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret.trim());
  if (!match) throw new Error('A signing secret looks like whsec_ followed by base64.');
  const bytes = Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0));
  if (bytes.length < 16) throw new Error('The signing secret is too short (at least 16 bytes).');
  return bytes;
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmac(secret: string, content: string): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey(
    'raw',
    secretKey(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return crypto.subtle.sign('HMAC', key, encoder.encode(content));
}

/** The base64 HMAC over "{id}.{timestamp}.{body}". */
async function signature(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  return base64(await hmac(secret, `${id}.${timestamp}.${body}`));
}

/** The `webhook-signature` header value: `v1,<base64 signature>`. */
export async function sign(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  return `v1,${await signature(secret, id, timestamp, body)}`;
}

/**
 * Check a `webhook-signature` header (space-separated `v1,<sig>` entries, any may match) in
 * constant time per entry.
 */
export async function verify(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
  header: string,
): Promise<boolean> {
  const expected = await signature(secret, id, timestamp, body);
  let matched = false;
  for (const entry of header.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || signature === undefined) continue;
    matched = constantTimeEqual(signature, expected) || matched;
  }
  return matched;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The two credentials the contract allows: a bearer token and a Standard Webhooks signature.
 * Each check answers an error in plain words, or undefined when the request passes. The words
 * never include a secret or the value received.
 *
 * The signature is the scheme of lib/delivery/signature.ts (HMAC-SHA256 over
 * "{id}.{timestamp}.{body}", key from the shared `secretKey`), computed with node:crypto: Web
 * Crypto's verify measured 150-260 µs a request here against 4-8 µs, the largest cost of a
 * delivery. The tests sign with the extension's own `sign`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { secretKey } from '../lib/delivery/signature';

/** Standard Webhooks' default tolerance: a captured request cannot be replayed later. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export function checkBearer(expected: string, header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return 'An Authorization: Bearer token is required.';
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  if (!timingSafeEqual(digest(match[1]!.trim()), digest(expected))) {
    return 'The bearer token is not the one this receiver expects.';
  }
  return undefined;
}

export interface SignedHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** The HMAC key of a `whsec_` secret; throws a plain-words error (without the value) if malformed. */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secretKey(secret));
}

/** True when any `v1,<base64>` entry of the space-separated header matches, compared in constant time. */
export function signatureMatches(
  key: Buffer,
  id: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  let matched = false;
  for (const entry of header.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

export function checkSignature(
  key: Buffer,
  headers: SignedHeaders,
  body: string,
  nowSeconds: number,
): string | undefined {
  const missing = (['id', 'timestamp', 'signature'] as const).filter((name) => !headers[name]);
  if (missing.length) {
    return `A signed delivery needs the headers ${missing.map((m) => `webhook-${m}`).join(', ')}.`;
  }
  if (!/^\d{1,12}$/.test(headers.timestamp!)) {
    return 'The webhook-timestamp header must be Unix seconds.';
  }
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > TIMESTAMP_TOLERANCE_SECONDS) {
    return 'The webhook-timestamp is more than 5 minutes from this server’s clock: check the clock of the sending computer.';
  }
  const valid = signatureMatches(key, headers.id!, timestamp, body, headers.signature!);
  return valid ? undefined : 'The webhook-signature does not match: check the signing secret.';
}

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

/** The shortest signing key accepted, in bytes (a generated one has 32). */
export const MIN_KEY_BYTES = 24;

/** The bearer token of an Authorization header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
}

/** True when `given` is one of `expected`, each compared in constant time. */
export function tokenMatches(expected: string | readonly string[], given: string): boolean {
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const mine = digest(given);
  let matched = false;
  for (const token of typeof expected === 'string' ? [expected] : expected) {
    if (timingSafeEqual(mine, digest(token))) matched = true;
  }
  return matched;
}

/** `expected`: the tokens in force (during a rotation, the new one and the one retiring). */
export function checkBearer(
  expected: string | readonly string[],
  header: string | undefined,
): string | undefined {
  const given = bearerOf(header);
  if (!given) return 'An Authorization: Bearer token is required.';
  if (!tokenMatches(expected, given)) {
    return 'The bearer token is not the one this receiver expects.';
  }
  return undefined;
}

export interface SignedHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * The HMAC key of a `whsec_` secret; throws a plain-words error (without the value) if it is
 * malformed, shorter than MIN_KEY_BYTES or degenerate (every byte the same, such as all zeros).
 */
export function signingKey(secret: string): Buffer {
  const key = Buffer.from(secretKey(secret));
  if (key.length < MIN_KEY_BYTES) {
    throw new Error(
      `The signing secret is too short: its key must be at least ${MIN_KEY_BYTES} bytes (a generated one has 32).`,
    );
  }
  if (key.every((byte) => byte === key[0])) {
    throw new Error(
      'The signing secret is not random (every byte of its key is the same): let npm start generate one.',
    );
  }
  return key;
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

/** `keys`: the signing keys in force (during a rotation, the new one and the one retiring). */
export function checkSignature(
  keys: readonly Buffer[],
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
  let valid = false;
  for (const key of keys) {
    if (signatureMatches(key, headers.id!, timestamp, body, headers.signature!)) valid = true;
  }
  return valid ? undefined : 'The webhook-signature does not match: check the signing secret.';
}

/**
 * The credentials in force at a given time. Rotation adds a new secret or token while the old one
 * stays valid for a grace period; the receiver asks at every request, so a rotation or a
 * retirement takes effect without a restart.
 */
export interface CredentialSource {
  /** Keys of the signing secrets in force; undefined when deliveries are not signed. */
  signingKeys(nowMs: number): readonly Buffer[] | undefined;
  /** Bearer tokens in force; empty when no token is required. */
  tokens(nowMs: number): readonly string[];
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** Fixed credentials (flags, variables, tests). Throws a plain-words error on a weak secret. */
export function staticCredentials(
  secret: string | readonly string[] | undefined,
  token: string | readonly string[] | undefined,
): CredentialSource {
  const keys = secret === undefined ? undefined : list(secret).map(signingKey);
  if (keys?.length === 0) throw new Error('No signing secret was given.');
  const tokens = list(token);
  if (token !== undefined && (tokens.length === 0 || tokens.some((t) => t.trim() === ''))) {
    throw new Error('The bearer token is empty.');
  }
  return { signingKeys: () => keys, tokens: () => tokens };
}

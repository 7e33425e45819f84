// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { sign, verify } from '../lib/delivery/signature';
import { checkBearer, signatureMatches, signingKey } from './auth';
import { generateSecret } from './config';

describe('signatureMatches', () => {
  it('agrees with the extension’s Web Crypto verify on valid, wrong and malformed headers', async () => {
    const secret = generateSecret();
    const key = signingKey(secret);
    const body = '{"type":"capture.submitted","note":"ünïcödé ✓"}';
    const good = await sign(secret, 'evt.1', 1_780_000_000, body);
    const other = await sign(generateSecret(), 'evt.1', 1_780_000_000, body);
    const headers = [
      good,
      other,
      `${other} ${good}`, // a receiver accepts any of several signatures (key rotation)
      good.replace('v1,', 'v2,'),
      'v1,',
      'v1,not base64!',
      '',
    ];
    for (const header of headers) {
      const expected = await verify(secret, 'evt.1', 1_780_000_000, body, header);
      expect(signatureMatches(key, 'evt.1', 1_780_000_000, body, header), header).toBe(expected);
    }
    expect(signatureMatches(key, 'evt.1', 1_780_000_000, body, good)).toBe(true);
    expect(signatureMatches(key, 'evt.2', 1_780_000_000, body, good)).toBe(false);
    expect(signatureMatches(key, 'evt.1', 1_780_000_001, body, good)).toBe(false);
  });
});

describe('checkBearer', () => {
  it('accepts the token only, in any case of the scheme, and never quotes what it got', () => {
    expect(checkBearer('s3cret-token', 'Bearer s3cret-token')).toBeUndefined();
    expect(checkBearer('s3cret-token', 'bearer s3cret-token')).toBeUndefined();
    expect(checkBearer('s3cret-token', 'Bearer s3cret-token2')).toMatch(/not the one/);
    expect(checkBearer('s3cret-token', 'Basic czNjcmV0')).toMatch(/required/);
    expect(checkBearer('s3cret-token', undefined)).toMatch(/required/);
    expect(checkBearer('s3cret-token', 'Bearer guess')).not.toContain('guess');
  });
});

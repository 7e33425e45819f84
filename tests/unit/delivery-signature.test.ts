import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretKey, sign, verify } from '../../lib/delivery/signature';

/** Standard Webhooks reference vector (standard-webhooks libraries/javascript/src/webhook.test.ts). */
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

/** The same computation done independently with node:crypto. */
function nodeSign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

describe('signature', () => {
  it('matches the Standard Webhooks specification vector', async () => {
    expect(await sign(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
    expect(await verify(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body, SPEC.signature)).toBe(
      true,
    );
  });

  it('matches node:crypto HMAC-SHA256 over "{id}.{timestamp}.{body}" for a random key', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const id = '0b9c0a1e-6f1d-4f57-9a36-3f0f4f2b7c11.2';
    const body = JSON.stringify({ text: 'Grüße 🎉 "quoted" \\ back' });
    const expected = nodeSign(secret, id, 1_780_000_000, body);
    expect(await sign(secret, id, 1_780_000_000, body)).toBe(expected);
    expect(await verify(secret, id, 1_780_000_000, body, expected)).toBe(true);
  });

  it('refuses a signature over a different id, timestamp or body', async () => {
    const { secret, id, timestamp, body, signature } = SPEC;
    expect(await verify(secret, `${id}x`, timestamp, body, signature)).toBe(false);
    expect(await verify(secret, id, timestamp + 1, body, signature)).toBe(false);
    expect(await verify(secret, id, timestamp, `${body} `, signature)).toBe(false);
    const other = `whsec_${randomBytes(24).toString('base64')}`;
    expect(await verify(other, id, timestamp, body, signature)).toBe(false);
  });

  it('accepts any matching v1 entry of a space-separated header, ignores other versions', async () => {
    const { secret, id, timestamp, body, signature } = SPEC;
    const sig = signature.slice(3);
    const wrong = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    expect(await verify(secret, id, timestamp, body, `${wrong} ${signature} ${wrong}`)).toBe(true);
    expect(await verify(secret, id, timestamp, body, `v2,${sig}`)).toBe(false);
    expect(await verify(secret, id, timestamp, body, 'v1,')).toBe(false);
    expect(await verify(secret, id, timestamp, body, signature.slice(0, 8))).toBe(false);
  });

  it('refuses malformed or short secrets without quoting them', () => {
    for (const bad of ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_not base64!', 'whsec_c2hvcnQ=']) {
      let message = '';
      try {
        secretKey(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(bad.replace('whsec_', ''));
    }
    expect(secretKey(SPEC.secret)).toHaveLength(24);
  });
});

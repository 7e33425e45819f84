/** The state document (protocol v1.1): what is accepted, and what is "no news". */
import { describe, expect, test } from 'vitest';
import { parseReceipt } from '../../lib/delivery/response';
import { parseStateDocument } from '../../lib/recognition/state-document';
import { allowedStatusUrl } from '../../lib/recognition/status-url';

const ID = '0b9c0a1e-5d4e-4f7a-9b1c-2d3e4f5a6b7c';
const valid = {
  captureId: ID,
  revision: 2,
  state: 'confirmed',
  by: 'Dana Reviewer',
  comment: 'Signed a 3-year deal',
  credits: [
    { name: 'Ada Example', team: 'Sales' },
    { name: 'Bo Martin', team: 'Ops' },
  ],
  at: '2026-05-02T10:00:00.000Z',
};
const parse = (body: unknown) => parseStateDocument(JSON.stringify(body), ID);

describe('state document', () => {
  test('a valid document, as the contract shows it', () => {
    expect(parse(valid)).toEqual(valid);
    expect(parse({ captureId: ID, revision: 1, state: 'pending' })).toEqual({
      captureId: ID,
      revision: 1,
      state: 'pending',
    });
  });

  test('null and blank optional fields are absent; unknown fields are ignored', () => {
    expect(parse({ ...valid, by: null, comment: '  ', credits: null, at: null, x: 1 })).toEqual({
      captureId: ID,
      revision: 2,
      state: 'confirmed',
    });
  });

  test('the comment is plain text: control and bidi characters removed, markup kept as text', () => {
    const doc = parse({ ...valid, comment: 'ok\u202E<img src=x onerror=alert(1)>\u0007' });
    expect(doc?.comment).toBe('ok<img src=x onerror=alert(1)>');
  });

  test.each([
    ['not JSON', '<html>Sign in</html>'],
    ['an array', '[]'],
    ['another capture', JSON.stringify({ ...valid, captureId: 'other' })],
    ['an unknown state', JSON.stringify({ ...valid, state: 'approved' })],
    ['no revision', JSON.stringify({ ...valid, revision: undefined })],
    ['a revision that is no integer', JSON.stringify({ ...valid, revision: 1.5 })],
    ['a comment over 500 characters', JSON.stringify({ ...valid, comment: 'x'.repeat(501) })],
    ['a comment that is no string', JSON.stringify({ ...valid, comment: { html: '<b>' } })],
    ['credits that are no list', JSON.stringify({ ...valid, credits: 'Ada' })],
    ['a bad time', JSON.stringify({ ...valid, at: 'yesterday' })],
    ['a truncated body', JSON.stringify(valid).slice(0, 40)],
  ])('%s is no news', (_, body) => {
    expect(parseStateDocument(body, ID)).toBeUndefined();
  });

  test('a comment of exactly 500 characters is kept', () => {
    expect(parse({ ...valid, comment: 'é'.repeat(500) })?.comment).toHaveLength(500);
  });
});

describe('the receipt’s status URL', () => {
  test('a 2xx receipt keeps an http(s) status URL', () => {
    expect(
      parseReceipt(JSON.stringify({ id: 'a', status: 'https://r.example.com/v1/captures/a' })),
    ).toEqual({ id: 'a', status: 'https://r.example.com/v1/captures/a' });
    expect(parseReceipt(JSON.stringify({ id: 'a', status: 'javascript:alert(1)' }))).toEqual({
      id: 'a',
    });
  });

  test('asked only on the endpoint’s own origin, and only for sourced.v1', () => {
    const config = { url: 'https://r.example.com/v1/captures', format: 'sourced.v1' as const };
    const ok = 'https://r.example.com/v1/captures/a';
    expect(allowedStatusUrl(ok, config)).toBe(ok);
    for (const other of [
      'http://r.example.com/v1/captures/a',
      'https://r.example.com:8443/v1/captures/a',
      'https://evil.example.com/v1/captures/a',
      'https://r.example.com.evil.test/a',
      'data:text/plain,x',
    ]) {
      expect(allowedStatusUrl(other, config)).toBeUndefined();
    }
    expect(allowedStatusUrl(ok, { ...config, format: 'slack' })).toBeUndefined();
    expect(allowedStatusUrl(undefined, config)).toBeUndefined();
  });
});

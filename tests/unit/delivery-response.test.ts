import { AWKWARD_TOKEN, echoedForms } from './secret-forms';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../lib/delivery/fetch-with-timeout';
import {
  classifyNetworkError,
  classifyResponse,
  describeStatus,
  errorExcerpt,
  serverMessage,
} from '../../lib/delivery/response';

const NOW = new Date('2026-05-20T12:00:00.000Z');
const res = (status: number, bodyText = '', headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  bodyText,
});

describe('classifyResponse: the contract table', () => {
  it('2xx: delivered, with a JSON body id/url as the receipt', () => {
    expect(
      classifyResponse(res(201, '{"id":"rcpt_1","url":"https://crm.example.com/r/1"}'), NOW),
    ).toEqual({ kind: 'delivered', receipt: { id: 'rcpt_1', url: 'https://crm.example.com/r/1' } });
    expect(classifyResponse(res(200, '{"id":42}'), NOW)).toEqual({
      kind: 'delivered',
      receipt: { id: '42' },
    });
    expect(classifyResponse(res(202, 'ok'), NOW)).toEqual({ kind: 'delivered' });
    expect(classifyResponse(res(204), NOW)).toEqual({ kind: 'delivered' });
    // A receipt link must be http(s); anything else is not kept.
    expect(classifyResponse(res(200, '{"url":"javascript:alert(1)"}'), NOW)).toEqual({
      kind: 'delivered',
    });
    expect(classifyResponse(res(200, '[1,2]'), NOW)).toEqual({ kind: 'delivered' });
  });

  it('409: retry later (same event id), honouring Retry-After if sent', () => {
    expect(classifyResponse(res(409), NOW)).toMatchObject({
      kind: 'retry',
      reason: expect.stringContaining('409'),
    });
    expect(classifyResponse(res(409, '', { 'Retry-After': '7' }), NOW)).toMatchObject({
      kind: 'retry',
      after: 7000,
    });
  });

  it('409 that says a retry cannot help: rejected with the server’s message, not retried', () => {
    const body = JSON.stringify({
      error: 'This capture belongs to another employee.',
      retryable: false,
    });
    expect(classifyResponse(res(409, body), NOW)).toMatchObject({
      kind: 'rejected',
      reason: 'still processing this event (409): This capture belongs to another employee.',
    });
    // Anything else in the body keeps the protocol's meaning: still processing, retry.
    expect(classifyResponse(res(409, '{"retryable":true}'), NOW)).toMatchObject({ kind: 'retry' });
  });

  it('410: gone', () => {
    expect(classifyResponse(res(410, 'no_service'), NOW)).toEqual({
      kind: 'gone',
      problem: 'gone',
      reason: 'endpoint gone (410)',
      error: 'no_service',
    });
  });

  it.each([429, 503])('%i: wait Retry-After (seconds or HTTP date), else back off', (status) => {
    expect(classifyResponse(res(status, '', { 'retry-after': '120' }), NOW)).toMatchObject({
      kind: 'retry',
      after: 120_000,
    });
    expect(
      classifyResponse(res(status, '', { 'Retry-After': 'Wed, 20 May 2026 12:05:00 GMT' }), NOW),
    ).toMatchObject({ kind: 'retry', after: 300_000 });
    const plain = classifyResponse(res(status), NOW);
    expect(plain.kind).toBe('retry');
    expect(plain).not.toHaveProperty('after');
    // "Slow down" and "unavailable" are about the endpoint: the whole outbox waits.
    expect(plain).toMatchObject({ endpointDown: true });
    const garbage = classifyResponse(res(status, '', { 'Retry-After': 'later' }), NOW);
    expect(garbage).not.toHaveProperty('after');
  });

  it.each([500, 502, 504, 599])('%i: transient, retry with backoff', (status) => {
    expect(classifyResponse(res(status, '<html>Bad gateway</html>'), NOW)).toEqual({
      kind: 'retry',
      reason: `endpoint error (${status})`,
      error: '<html>Bad gateway</html>',
    });
  });

  it.each([400, 422])('%i: rejected with the server message', (status) => {
    expect(
      classifyResponse(res(status, '{"message":"outcome.value.amount must be positive"}'), NOW),
    ).toMatchObject({
      kind: 'rejected',
      reason: `rejected (${status}): outcome.value.amount must be positive`,
    });
    expect(classifyResponse(res(status, '{"error":{"message":"bad stage"}}'), NOW)).toMatchObject({
      reason: `rejected (${status}): bad stage`,
    });
    expect(classifyResponse(res(status, '{"error":"invalid_blocks"}'), NOW)).toMatchObject({
      reason: `rejected (${status}): invalid_blocks`,
    });
    expect(classifyResponse(res(status, '{"detail":"post.url is required"}'), NOW)).toMatchObject({
      reason: `rejected (${status}): post.url is required`,
    });
    expect(classifyResponse(res(status, 'invalid_payload\n'), NOW)).toMatchObject({
      reason: `rejected (${status}): invalid_payload`,
    });
    expect(classifyResponse(res(status, ''), NOW)).toMatchObject({
      kind: 'rejected',
      reason: `rejected (${status})`,
    });
  });

  it.each([401, 403])('%i: paused, credentials refused, with the server’s reason', (status) => {
    expect(classifyResponse(res(status, 'invalid_token'), NOW)).toEqual({
      kind: 'paused',
      problem: 'credentials',
      reason: `credentials refused (${status}): invalid_token`,
      error: 'invalid_token',
    });
    expect(
      classifyResponse(res(status, '{"error":{"message":"check the signing secret"}}'), NOW),
    ).toMatchObject({ reason: `credentials refused (${status}): check the signing secret` });
    expect(classifyResponse(res(status, ''), NOW)).toMatchObject({
      reason: `credentials refused (${status})`,
    });
  });

  it.each([301, 302, 307, 308])(
    '%i: a misconfigured URL, a settings problem (paused)',
    (status) => {
      const result = classifyResponse(
        res(status, '', { Location: 'https://new.example.com/hook?token=abc123secret' }),
        NOW,
      );
      expect(result.kind).toBe('paused');
      if (result.kind === 'paused') {
        expect(result.problem).toBe('misconfigured');
        expect(result.reason).toContain(`redirects (${status}) to https://new.example.com/hook`);
        expect(result.reason).not.toContain('abc123secret');
      }
    },
  );

  it('a redirect the browser hid (opaqueredirect, status 0) is the same settings problem', () => {
    const result = classifyResponse(
      { status: 0, headers: new Headers(), bodyText: '', redirect: true },
      NOW,
    );
    expect(result).toEqual({
      kind: 'paused',
      problem: 'misconfigured',
      reason: 'the endpoint redirects; enter the final URL in the settings',
      error: undefined,
    });
  });

  it('rows outside the table: 404/405 pause, 408 retries, 413 and other 4xx reject', () => {
    expect(classifyResponse(res(404), NOW)).toMatchObject({
      kind: 'paused',
      problem: 'misconfigured',
    });
    expect(classifyResponse(res(405), NOW)).toMatchObject({
      kind: 'paused',
      problem: 'misconfigured',
    });
    expect(classifyResponse(res(408), NOW).kind).toBe('retry');
    expect(classifyResponse(res(413, 'too big'), NOW)).toMatchObject({
      kind: 'rejected',
      reason: 'too large for the endpoint (413): too big',
    });
    expect(classifyResponse(res(415), NOW).kind).toBe('rejected');
    expect(classifyResponse(res(101), NOW).kind).toBe('retry');
  });

  it('accepts plain-object headers, case-insensitively', () => {
    expect(
      classifyResponse({ status: 429, headers: { 'RETRY-AFTER': '3' }, bodyText: '' }, NOW),
    ).toMatchObject({ after: 3000 });
  });
});

describe('error bodies', () => {
  it('keep the first 300 characters on one line, secrets redacted before the cut', () => {
    const secret = 'tok_live_ABCDEF0123456789';
    const body = `${'x'.repeat(290)} ${secret} and more`;
    const excerpt = errorExcerpt(body, [secret])!;
    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt).not.toContain('tok_live');
    expect(excerpt).toContain('[red');
    expect(errorExcerpt('line 1\r\n\tline 2\u202e', [])).toBe('line 1 line 2');
  });

  it('never carries a secret into a rejection reason or the sync log error', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const result = classifyResponse(
      res(400, JSON.stringify({ message: `bad signature for ${secret}` })),
      NOW,
      [secret],
    );
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(result).toMatchObject({ reason: 'rejected (400): bad signature for [redacted]' });
  });

  it.each(Object.entries(echoedForms(AWKWARD_TOKEN)))(
    'never carry a secret echoed %s into a reason or an excerpt',
    (_, form) => {
      for (const body of [JSON.stringify({ message: `bad token ${form}` }), `bad token ${form}`]) {
        const result = classifyResponse(res(400, body), NOW, [AWKWARD_TOKEN]);
        expect(result.kind).toBe('rejected');
        expect(JSON.stringify(result)).toContain('[redacted]');
        expect(JSON.stringify(result)).not.toContain(form);
        expect(errorExcerpt(body, [AWKWARD_TOKEN])).not.toContain(form);
      }
    },
  );

  it('serverMessage falls back to the text start, and to nothing for unhelpful JSON', () => {
    expect(serverMessage('{"errors":[{"message":"first"}]}')).toBe('first');
    expect(serverMessage('{"title":"Unprocessable"}')).toBe('Unprocessable');
    expect(serverMessage('{"ok":false}')).toBe('');
    expect(serverMessage('a'.repeat(1000))).toHaveLength(300);
  });
});

describe('describeStatus', () => {
  it.each([
    [0, 'could not connect'],
    [200, 'delivered (200)'],
    [302, 'redirected (302): the URL needs updating'],
    [400, 'rejected (400)'],
    [401, 'credentials refused (401)'],
    [403, 'credentials refused (403)'],
    [404, 'endpoint not found (404)'],
    [409, 'still processing this event (409)'],
    [410, 'endpoint gone (410)'],
    [422, 'rejected (422)'],
    [429, 'too many requests (429)'],
    [500, 'endpoint error (500)'],
    [503, 'endpoint unavailable (503)'],
  ])('%i → %s', (status, words) => {
    expect(describeStatus(status)).toBe(words);
  });
});

describe('classifyNetworkError', () => {
  it('retries, in plain words', () => {
    expect(
      classifyNetworkError(new DeliveryError('timeout', 'timed out after 30 s', 30000)),
    ).toEqual({
      kind: 'retry',
      endpointDown: true,
      reason: 'timed out after 30 s',
    });
    expect(classifyNetworkError(new DOMException('signal timed out', 'TimeoutError'))).toEqual({
      kind: 'retry',
      endpointDown: true,
      reason: 'timed out after 30 s',
    });
    expect(classifyNetworkError(new TypeError('fetch failed'))).toEqual({
      kind: 'retry',
      endpointDown: true,
      reason: 'could not connect',
    });
    expect(classifyNetworkError(new DOMException('aborted', 'AbortError')).kind).toBe('retry');
    expect(classifyNetworkError('weird').reason).toBe('could not connect');
  });
});

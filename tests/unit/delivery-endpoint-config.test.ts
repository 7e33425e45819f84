import { AWKWARD_TOKEN, echoedForms } from './secret-forms';
import { describe, expect, it } from 'vitest';
import {
  EndpointConfigSchema,
  originPattern,
  parseEndpointConfig,
  redactSecrets,
  secretValues,
  type EndpointConfigInput,
} from '../../lib/delivery/endpoint-config';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const base: EndpointConfigInput = {
  url: 'https://hooks.example.com/sourced',
  format: 'sourced.v1',
};

/** Every message of a failed parse, the thrown ZodError's included. */
function problems(input: unknown): string {
  const result = parseEndpointConfig(input);
  expect(result.ok).toBe(false);
  let thrown = '';
  try {
    EndpointConfigSchema.parse(input);
  } catch (error) {
    thrown = String(error) + JSON.stringify(error);
  }
  return result.ok ? '' : `${result.error} ${JSON.stringify(result.issues)} ${thrown}`;
}

describe('endpoint URL', () => {
  it.each([
    'https://hooks.example.com/sourced',
    'https://hooks.example.com:8443/a?b=c',
    'http://localhost/hook',
    'http://localhost:8787/hook',
    'http://127.0.0.1:3000/',
  ])('accepts %s', (url) => {
    expect(parseEndpointConfig({ ...base, url }).ok).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/x', /https:\/\//],
    ['http://localhost.example.com/x', /localhost and 127\.0\.0\.1/],
    ['http://127.0.0.2/x', /only allowed for localhost/],
    ['http://[::1]:8080/x', /https:\/\//],
    ['ftp://example.com/x', /https:\/\//],
    ['javascript:alert(1)', /https:\/\//],
    ['hooks.example.com/x', /full endpoint URL/],
    ['', /Enter the endpoint URL/],
  ])('refuses %s', (url, message) => {
    expect(problems({ ...base, url })).toMatch(message);
  });

  it('refuses credentials in the URL without repeating them', () => {
    const text = problems({ ...base, url: 'https://alice:hunter2secret@hooks.example.com/x' });
    expect(text).toMatch(/user name and password/);
    expect(text).not.toContain('hunter2secret');
    expect(text).not.toContain('alice');
  });

  it('gives the optional host permission pattern of the origin, without a port', () => {
    expect(originPattern('https://hooks.example.com/services/T0/B0/xyz?x=1')).toBe(
      'https://hooks.example.com/*',
    );
    expect(originPattern('http://localhost:8787/hook')).toBe('http://localhost/*');
    expect(originPattern('https://HOOKS.Example.COM:8443/')).toBe('https://hooks.example.com/*');
    expect(() => originPattern('http://example.com/')).toThrow(/https/);
  });
});

describe('format, token and signing secret', () => {
  it('accepts the three formats and nothing else', () => {
    for (const format of ['sourced.v1', 'slack', 'teams']) {
      expect(parseEndpointConfig({ ...base, format }).ok).toBe(true);
    }
    expect(problems({ ...base, format: 'discord' })).toMatch(/sourced\.v1, Slack or Teams/);
  });

  it('treats blank secrets as unset and drops a pasted "Bearer " prefix', () => {
    const result = EndpointConfigSchema.parse({ ...base, token: '  ', signingSecret: '' });
    expect(result.token).toBeUndefined();
    expect(result.signingSecret).toBeUndefined();
    expect(result.headers).toEqual([]);
    expect(EndpointConfigSchema.parse({ ...base, token: 'Bearer abc.def-123' }).token).toBe(
      'abc.def-123',
    );
  });

  it('refuses a token that would break the header, without quoting it', () => {
    const token = 'tok_SECRETVALUE\r\nX-Injected: 1';
    const text = problems({ ...base, token });
    expect(text).toMatch(/printable ASCII/);
    expect(text).not.toContain('SECRETVALUE');
  });

  it('validates the signing secret with secretKey, without quoting it', () => {
    expect(
      EndpointConfigSchema.parse({ ...base, signingSecret: ` ${SECRET} ` }).signingSecret,
    ).toBe(SECRET);
    const bad = 'sk_live_TOPSECRETVALUE123';
    const text = problems({ ...base, signingSecret: bad });
    expect(text).toMatch(/whsec_/);
    expect(text).not.toContain('TOPSECRETVALUE');
    const short = problems({ ...base, signingSecret: 'whsec_c2VjcmV0' });
    expect(short).toMatch(/too short/);
    expect(short).not.toContain('c2VjcmV0');
  });
});

describe('custom headers', () => {
  const withHeader = (name: string, value = 'v') => ({ ...base, headers: [{ name, value }] });

  it('accepts ordinary headers, trimmed', () => {
    const result = EndpointConfigSchema.parse({
      ...base,
      headers: [
        { name: ' X-Api-Key ', value: ' abc ' },
        { name: 'CF-Access-Client-Id', value: 'id.access' },
      ],
    });
    expect(result.headers).toEqual([
      { name: 'X-Api-Key', value: 'abc' },
      { name: 'CF-Access-Client-Id', value: 'id.access' },
    ]);
  });

  it.each([
    'Host',
    'cookie',
    'Content-Length',
    'Origin',
    'Referer',
    'Transfer-Encoding',
    'Connection',
    'Keep-Alive',
    'Upgrade',
    'Via',
    'DNT',
    'Expect',
    'Access-Control-Request-Method',
    'Proxy-Authorization',
    'Sec-Fetch-Site',
    'X-HTTP-Method-Override',
  ])('refuses the fetch-forbidden header %s', (name) => {
    expect(problems(withHeader(name))).toMatch(/Browsers do not allow/);
  });

  it.each([
    'Content-Type',
    'authorization',
    'Idempotency-Key',
    'webhook-id',
    'Webhook-Timestamp',
    'webhook-signature',
  ])('refuses %s, which Sourced sets itself', (name) => {
    expect(problems(withHeader(name))).toMatch(/set by Sourced itself/);
  });

  it.each(['X Bad', 'X-Colon:', 'Ünicode', ''])('refuses the invalid name %j', (name) => {
    expect(problems(withHeader(name))).toMatch(/header name|needs a name/);
  });

  it('refuses values with line breaks or non-ASCII, without quoting them', () => {
    const text = problems(withHeader('X-Api-Key', 'KEY_abcdef\nX-Evil: 1'));
    expect(text).toMatch(/one line/);
    expect(text).not.toContain('KEY_abcdef');
    expect(problems(withHeader('X-Api-Key', 'clé'))).toMatch(/ASCII/);
  });

  it('refuses duplicates and more than 20 headers', () => {
    expect(
      problems({
        ...base,
        headers: [
          { name: 'X-A', value: '1' },
          { name: 'x-a', value: '2' },
        ],
      }),
    ).toMatch(/listed twice/);
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `X-H${i}`, value: 'v' }));
    expect(problems({ ...base, headers: many })).toMatch(/At most 20/);
  });

  it('points each issue at its field', () => {
    const result = parseEndpointConfig({
      url: 'http://example.com',
      format: 'slack',
      headers: [
        { name: 'X-Ok', value: 'a' },
        { name: 'Cookie', value: 'b' },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path).sort()).toEqual(['headers.1.name', 'url']);
    }
  });
});

describe('secrets', () => {
  it('lists every secret value, Slack URL key segments included, and redacts them', () => {
    const config = EndpointConfigSchema.parse({
      url: 'https://hooks.slack.example/services/T0000/B0000/XXXXsecretXXXXkey',
      format: 'slack',
      token: 'tok_abcdef123',
      signingSecret: SECRET,
      headers: [{ name: 'X-Api-Key', value: 'hdr-value-42' }],
    });
    const secrets = secretValues(config);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'tok_abcdef123',
        SECRET,
        'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'hdr-value-42',
        'XXXXsecretXXXXkey',
        config.url,
      ]),
    );
    const text = `echo ${config.url} tok_abcdef123 hdr-value-42 MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ok`;
    const redacted = redactSecrets(text, secrets);
    for (const s of secrets) expect(redacted).not.toContain(s);
    expect(redacted).toContain('ok');
  });

  // A header value may hold a space, which form encoding writes as `+`.
  const HEADER_VALUE = `${AWKWARD_TOKEN} and space`;
  it.each(Object.entries(echoedForms(HEADER_VALUE)))(
    'redacts a secret echoed %s, and leaves the text around it',
    (_, form) => {
      const redacted = redactSecrets(`before ${form} after`, [HEADER_VALUE]);
      expect(redacted).toContain('[redacted]');
      expect(redacted).not.toContain(form);
      expect(redacted).toMatch(/^before .*after$/);
      // What is left of a base64 run is a character or two, never enough to rebuild the secret.
      expect(redacted.replace('[redacted]', '').length).toBeLessThan('before  after'.length + 12);
    },
  );

  it('redacts a JSON-escaped base64 and a half-encoded URL form (mixed escapes)', () => {
    const secret = 'k/9+Zq"x\\w_long-secret';
    const b64 = Buffer.from(secret).toString('base64');
    const mixed = encodeURIComponent(secret).replace('%22', '\\u0022');
    for (const form of [b64.replace(/\//g, '\\/'), mixed]) {
      const redacted = redactSecrets(`x ${form} y`, [secret]);
      expect(redacted).toMatch(/^x .{0,2}\[redacted\].{0,3} y$/);
    }
  });

  it('leaves ordinary text alone', () => {
    const text =
      'rejected (400): field "outcome.value" must be a number; see https://x.example/a%20b';
    expect(redactSecrets(text, [AWKWARD_TOKEN, 'hdr-value-42'])).toBe(text);
  });
});

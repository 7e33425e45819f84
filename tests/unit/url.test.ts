import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../lib/capture-constants';
import { httpUrl, isHttpUrl } from '../../lib/url';

describe('httpUrl', () => {
  it.each([
    ['https://www.linkedin.com/feed/update/urn:li:activity:1/', true],
    ['http://127.0.0.1:8080/hook', true],
    ['HTTPS://Example.COM/a', true],
    ['javascript:alert(1)', false],
    ['JavaScript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['file:///etc/passwd', false],
    ['ftp://example.com/', false],
    ['//example.com/no-scheme', false],
    ['not a url', false],
    ['', false],
    [`https://example.com/${'a'.repeat(LIMITS.url)}`, false],
  ])('%j → %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });

  it('resolves a relative link against a base, and refuses a script one', () => {
    expect(httpUrl('/in/someone/', 'https://www.linkedin.com')?.href).toBe(
      'https://www.linkedin.com/in/someone/',
    );
    expect(httpUrl('javascript:void(0)', 'https://x.com')).toBeUndefined();
    expect(httpUrl(null, 'https://x.com')).toBeUndefined();
  });
});

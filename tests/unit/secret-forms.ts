/**
 * The forms in which an endpoint may echo a secret back: what redaction must catch besides the
 * exact string (issue 17, finding 5).
 */
export function echoedForms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  const b64 = Buffer.from(secret).toString('base64');
  return {
    'JSON-escaped': json.replace(/\//g, '\\/'),
    'JSON \\u escapes': [...secret]
      .map((c) => (/[a-z0-9]/i.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
      .join(''),
    'JSON \\u escapes, upper-case hex': [...secret]
      .map((c) =>
        /[a-z0-9]/i.test(c)
          ? c
          : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      )
      .join(''),
    'URL-encoded': encodeURIComponent(secret),
    'URL-encoded, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) =>
      m.toLowerCase(),
    ),
    'form-encoded (+ for space)': encodeURIComponent(secret).replace(/%20/g, '+'),
    base64: b64,
    'base64 unpadded': b64.replace(/=+$/, ''),
    'base64 URL-safe': Buffer.from(secret).toString('base64url'),
    'base64 of user:secret (Basic auth)': Buffer.from(`user:${secret}`).toString('base64'),
    'base64 of a:secret (other alignment)': Buffer.from(`ab:${secret}`).toString('base64url'),
  };
}

/** A token with the characters each encoding changes: slash, quote, backslash, plus (tokens hold no
 * space; the header value in tests/unit/outbox.test.ts has one). */
export const AWKWARD_TOKEN = 'tok/live"q\\x+y~9f8e7d6c';

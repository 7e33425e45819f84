/**
 * The settings of one recognition endpoint, as the options page saves them and the outbox worker
 * reads them. Every rule here exists because the value ends up in a `fetch` from the extension:
 * a URL the extension may reach, headers the browser accepts, credentials that never leak.
 *
 * Messages never quote the refused value: it may be a token, a secret or a URL that is one.
 */
import { z } from 'zod';
import { secretKey } from './signature';

export const ENDPOINT_FORMATS = ['sourced.v1', 'slack', 'teams'] as const;
export type EndpointFormat = (typeof ENDPOINT_FORMATS)[number];

/** Plain http is only for a receiver on this machine (development, the reference receiver). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Why a URL cannot be an endpoint, or undefined when it can. */
export function endpointUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter the full endpoint URL, starting with https://.';
  }
  if (url.username || url.password) {
    return 'Remove the user name and password from the URL; use a token or a custom header instead.';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? undefined
      : 'Use an https:// URL (plain http:// is only allowed for localhost and 127.0.0.1).';
  }
  return 'Use an https:// URL.';
}

/**
 * Names a page may not set on a fetch (Fetch standard, "forbidden request-header"), plus the
 * method-override headers the standard forbids for some values: refused whatever the value.
 */
const FETCH_FORBIDDEN = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
]);
const FETCH_FORBIDDEN_PREFIXES = ['proxy-', 'sec-'];

/** Headers the delivery itself sets: a custom header must not replace or duplicate them. */
export const RESERVED_HEADERS = [
  'content-type',
  'authorization',
  'idempotency-key',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
] as const;
const RESERVED = new Set<string>(RESERVED_HEADERS);

/** RFC 9110 `token`: the characters a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, space and tab: what every fetch implementation and proxy accepts in a value. */
const HEADER_VALUE = /^[\t\x20-\x7E]*$/;

export const MAX_CUSTOM_HEADERS = 20;

/** Why a custom header name is refused, or undefined when it is allowed. */
export function headerNameProblem(name: string): string | undefined {
  if (!HEADER_NAME.test(name)) {
    return 'A header name holds letters, digits and - only (no spaces or colons).';
  }
  const lower = name.toLowerCase();
  if (RESERVED.has(lower)) return `${name} is set by Sourced itself and cannot be overridden.`;
  if (FETCH_FORBIDDEN.has(lower) || FETCH_FORBIDDEN_PREFIXES.some((p) => lower.startsWith(p))) {
    return `Browsers do not allow extensions to set ${name}.`;
  }
  return undefined;
}

const HeaderSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'A header needs a name.' }).max(100),
    value: z.string().trim().max(4096, { error: 'A header value holds at most 4096 characters.' }),
  })
  .superRefine((header, ctx) => {
    const problem = headerNameProblem(header.name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['name'] });
    if (!HEADER_VALUE.test(header.value)) {
      ctx.addIssue({
        code: 'custom',
        message: `The value of ${problem ? 'this header' : header.name} must be plain text on one line (ASCII).`,
        path: ['value'],
      });
    }
  });

/** An optional secret field: blank means "not set". */
const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

export const EndpointConfigSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, { error: 'Enter the endpoint URL.' })
    .max(2048, { error: 'The URL is longer than 2048 characters.' })
    .superRefine((value, ctx) => {
      const problem = endpointUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  format: z.enum(ENDPOINT_FORMATS, { error: 'Choose sourced.v1, Slack or Teams.' }),
  /** Sent as `Authorization: Bearer <token>`; a pasted "Bearer " prefix is dropped. */
  token: optionalSecret
    .transform((v) => v?.replace(/^bearer\s+/i, '') || undefined)
    .superRefine((value, ctx) => {
      if (value !== undefined && !/^[\x21-\x7E]+$/.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: 'The token must be printable ASCII without spaces or line breaks.',
        });
      }
    }),
  /** `whsec_<base64>`; when set, `sourced.v1` deliveries carry a `webhook-signature`. */
  signingSecret: optionalSecret.superRefine((value, ctx) => {
    if (value === undefined) return;
    try {
      secretKey(value);
    } catch (error) {
      // secretKey's messages describe the expected shape and never include the secret.
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  headers: z
    .array(HeaderSchema)
    .max(MAX_CUSTOM_HEADERS, { error: `At most ${MAX_CUSTOM_HEADERS} custom headers.` })
    .default([])
    .superRefine((headers, ctx) => {
      const seen = new Set<string>();
      headers.forEach((header, index) => {
        const lower = header.name.toLowerCase();
        if (seen.has(lower)) {
          ctx.addIssue({
            code: 'custom',
            message: `${header.name} is listed twice.`,
            path: [index, 'name'],
          });
        }
        seen.add(lower);
      });
    }),
});
export type EndpointConfig = z.output<typeof EndpointConfigSchema>;
export type EndpointConfigInput = z.input<typeof EndpointConfigSchema>;

/**
 * Validate settings for the options page: the config, or every problem in plain words with the
 * field it belongs to. No message carries a submitted value.
 */
export function parseEndpointConfig(
  input: unknown,
): { ok: true; value: EndpointConfig } | { ok: false; error: string; issues: EndpointIssue[] } {
  const result = EndpointConfigSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return { ok: false, error: issues.map((i) => i.message).join(' '), issues };
}
export interface EndpointIssue {
  /** e.g. `url`, `token`, `headers.2.name` */
  path: string;
  message: string;
}

/**
 * The match pattern to request as an optional host permission for this endpoint, e.g.
 * `https://hooks.example.com/*`. Match patterns carry no port: `http://localhost/*` covers every
 * port of localhost.
 */
export function originPattern(url: string): string {
  const problem = endpointUrlProblem(url);
  if (problem) throw new Error(problem);
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}

/**
 * The values that must never appear in a log, an error or an export: the token, the signing
 * secret (and its key), custom header values, and the URL parts that are credentials (Slack and
 * Teams put theirs in the path and query).
 */
export function secretValues(config: EndpointConfig): string[] {
  const values: string[] = [];
  if (config.token) values.push(config.token);
  if (config.signingSecret) {
    values.push(config.signingSecret, config.signingSecret.replace(/^whsec_/, ''));
  }
  for (const header of config.headers) values.push(header.value);
  try {
    const url = new URL(config.url);
    values.push(config.url, url.href);
    for (const value of url.searchParams.values()) values.push(value);
    if (config.format !== 'sourced.v1') {
      // The long opaque path segments of a webhook URL are its key.
      for (const segment of url.pathname.split('/')) if (segment.length >= 8) values.push(segment);
    }
  } catch {
    values.push(config.url);
  }
  // Very short values would redact ordinary words; a 1-3 character secret protects nothing anyway.
  return [...new Set(values.filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
}

/**
 * Replace every secret value in `text` with `[redacted]`, in whatever form an endpoint may echo it:
 * as is, JSON-escaped (`\/`, `\"`, `\\`, `\u002f`), URL-encoded (`%2F`, `+` for a space, either
 * hex case) or base64 (standard or URL-safe, padded or not, also inside a longer base64 run such as
 * the `user:token` of Basic auth). Each form is matched character by character, so a mix of them
 * (a JSON-escaped base64 string, a half-encoded URL) is caught too.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const pattern = secretPattern(secrets);
  return pattern ? text.replace(pattern, '[redacted]') : text;
}

const patternCache = new Map<string, RegExp | undefined>();

/** One regular expression for all the forms of all the secrets, longest first; cached. */
function secretPattern(secrets: readonly string[]): RegExp | undefined {
  const key = JSON.stringify(secrets);
  if (patternCache.has(key)) return patternCache.get(key);
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    for (const b64 of base64Cores(secret)) forms.add(b64);
  }
  const sources = [...forms]
    .filter((f) => f.length >= 4)
    .sort((a, b) => b.length - a.length)
    .map((form) => [...form].map(charPattern).join(''));
  const pattern = sources.length ? new RegExp(sources.join('|'), 'g') : undefined;
  // A handful of endpoint configurations per session; the cap only guards against a leak.
  if (patternCache.size > 32) patternCache.clear();
  patternCache.set(key, pattern);
  return pattern;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function hexPattern(hex: string): string {
  return [...hex]
    .map((d) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d))
    .join('');
}

/** Every way one character of a secret may be written in an echoed body. */
function charPattern(char: string): string {
  const alternatives = new Set<string>([char.replace(REGEX_SPECIAL, '\\$&')]);
  // JSON: `\uXXXX` for any code unit, and the backslash escapes of `"`, `\` and `/`.
  let units = '';
  for (let i = 0; i < char.length; i++) {
    units += `\\\\u${hexPattern(char.charCodeAt(i).toString(16).padStart(4, '0'))}`;
  }
  alternatives.add(units);
  if (char === '"' || char === '\\' || char === '/') alternatives.add(`\\\\\\${char}`);
  // URL encoding: the UTF-8 bytes as %XX, and `+` for a space (form encoding).
  const bytes = new TextEncoder().encode(char);
  alternatives.add(
    [...bytes].map((b) => `%${hexPattern(b.toString(16).padStart(2, '0'))}`).join(''),
  );
  if (char === ' ') alternatives.add('\\+');
  return `(?:${[...alternatives].join('|')})`;
}

/**
 * The base64 characters that depend on the secret alone, for each of the three byte alignments
 * it may have inside a longer encoded value, in the standard and URL-safe alphabets. Padding
 * needs no form of its own: the characters before it are matched, and the few bits in a
 * partial last character say nothing useful about the secret.
 */
function base64Cores(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    let binary = '';
    for (const b of padded) binary += String.fromCharCode(b);
    const encoded = btoa(binary);
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

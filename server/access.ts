/**
 * Who may read the wall and who may review wins. Two credentials, both separate from the delivery
 * secret and token: the reviewer token (confirm or decline wins, and read the wall) and an optional
 * read-only viewer token (read the wall). People sign in once with a form and then carry a session
 * cookie; scripts may send `Authorization: Bearer <token>` to read the wall and its CSV, or a viewer
 * token in the `sourced_viewer` cookie. The CSV holds every employee's email, so the wall is closed
 * unless it was made public on purpose (`--public-wall`). This is the one gate of the wall's data.
 *
 * Sessions are signed, not stored: any receiver that shares the tokens accepts them (several
 * receivers behind a load balancer), and changing a token ends every session made with it.
 * Forms that change something carry a per-session CSRF token and must come from this origin.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { bearerOf, tokenMatches } from './auth';
import { MAX_REVIEWER_NAME_LENGTH, cleanText } from './storage/recognition';

export type Role = 'reviewer' | 'viewer';

/** A cookie that scripts and proxies may set to the viewer token instead of a bearer header. */
export const VIEWER_COOKIE = 'sourced_viewer';

/** The answer to a request for the wall's data without a valid credential, in plain words. */
export const WALL_REFUSAL =
  'Sign in on the wall, or send the viewer token (Authorization: Bearer <SOURCED_VIEWER_TOKEN>, or the sourced_viewer cookie); or start the receiver with --public-wall.';

export interface Session {
  role: Role;
  /** The name the reviewer gave at sign-in: shown to the employees as who decided. */
  name?: string;
  /** The hidden form field every POST of this session must carry. */
  csrf: string;
}

export interface AccessOptions {
  reviewerToken?: string;
  /** The read-only tokens in force (several while one is being replaced); asked on every use. */
  viewerTokens?: () => readonly string[];
  /** The wall (and its CSV) without any credential. */
  publicWall?: boolean;
  /** The origin people use, e.g. https://wins.example.com; default: the request's own. */
  publicUrl?: string;
  now: () => number;
}

export interface Access {
  /** Which role a token given at sign-in opens, if any. */
  roleOf(token: string): Role | undefined;
  /** The signed-in session of the request, if any and still valid. */
  session(c: Context): Session | undefined;
  /** Signs the browser in: sets the session cookie. */
  signIn(c: Context, role: Role, name: string | undefined): void;
  signOut(c: Context): void;
  /**
   * The wall's and the CSV's gate: public, a session, a bearer token of either role, or a viewer
   * token in the `sourced_viewer` cookie.
   */
  canReadWall(c: Context): boolean;
  /** What to answer when canReadWall refuses. */
  readonly refusal: string;
  /** True when a state-changing request comes from this receiver's own pages. */
  sameOrigin(c: Context): boolean;
  csrfMatches(session: Session, given: unknown): boolean;
  /**
   * True when a session cookie could not work: plain HTTP away from loopback, where browsers
   * drop a Secure cookie (behind an HTTPS proxy, --public-url says the real origin).
   */
  needsHttps(c: Context): boolean;
  /** True when the reviewer pages can be used at all (a reviewer token is configured). */
  reviewEnabled: boolean;
}

/** How long a sign-in lasts. */
export const SESSION_SECONDS = 12 * 60 * 60;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const digest = (value: string) => createHash('sha256').update(value).digest();
const sameText = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export function createAccess(options: AccessOptions): Access {
  const viewerTokens = () => options.viewerTokens?.() ?? [];
  const tokens: [string, string | undefined][] = [
    ['reviewer', options.reviewerToken],
    ...viewerTokens().map((token): [string, string] => ['viewer', token]),
  ];
  for (const [label, token] of tokens) {
    if (token !== undefined && token.trim().length < 16) {
      throw new Error(`The ${label} token must be at least 16 characters long.`);
    }
  }
  const reviewer = options.reviewerToken;
  if (reviewer !== undefined && viewerTokens().some((token) => sameText(reviewer, token))) {
    throw new Error('The viewer token must differ from the reviewer token.');
  }
  // Sessions are signed with a key derived from the reviewer token (else the viewer tokens of
  // the start): replacing that token signs everyone out.
  const keySource = reviewer ?? viewerTokens().join('\0');
  const key = keySource
    ? createHmac('sha256', 'sourced-session-v1').update(keySource).digest()
    : undefined;
  const mac = (text: string) => createHmac('sha256', key!).update(text).digest('base64url');

  const origin = (c: Context) => new URL(options.publicUrl ?? c.req.url).origin;
  /** Plain HTTP is fine on loopback only: anywhere else the cookie needs HTTPS. */
  const secure = (c: Context) => {
    const url = new URL(options.publicUrl ?? c.req.url);
    return !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  };
  // `__Host-` makes browsers refuse the cookie unless Secure, Path=/ and no Domain.
  const cookieName = (c: Context) => (secure(c) ? '__Host-sourced_session' : 'sourced_session');

  const roleOf = (token: string): Role | undefined => {
    const given = token.trim();
    if (!given) return undefined;
    if (options.reviewerToken !== undefined && sameText(given, options.reviewerToken)) {
      return 'reviewer';
    }
    if (viewerTokens().some((token) => sameText(given, token))) return 'viewer';
    return undefined;
  };

  const session = (c: Context): Session | undefined => {
    if (!key) return undefined;
    const value = getCookie(c, cookieName(c));
    const [version, payload, signature] = value?.split('.') ?? [];
    if (version !== 'v1' || !payload || !signature) return undefined;
    if (!sameText(signature, mac(`v1.${payload}`))) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        r?: unknown;
        n?: unknown;
        e?: unknown;
        s?: unknown;
      };
      if (parsed.r !== 'reviewer' && parsed.r !== 'viewer') return undefined;
      if (typeof parsed.e !== 'number' || parsed.e * 1000 <= options.now()) return undefined;
      if (typeof parsed.s !== 'string') return undefined;
      return {
        role: parsed.r,
        ...(typeof parsed.n === 'string' && parsed.n ? { name: parsed.n } : {}),
        csrf: mac(`csrf.${parsed.s}`),
      };
    } catch {
      return undefined;
    }
  };

  return {
    reviewEnabled: options.reviewerToken !== undefined,
    needsHttps: (c) => new URL(options.publicUrl ?? c.req.url).protocol === 'http:' && secure(c),
    roleOf,
    session,
    signIn: (c, role, name) => {
      const clean = cleanText(name, MAX_REVIEWER_NAME_LENGTH);
      const payload = Buffer.from(
        JSON.stringify({
          r: role,
          ...(clean ? { n: clean } : {}),
          e: Math.floor(options.now() / 1000) + SESSION_SECONDS,
          s: randomBytes(16).toString('base64url'),
        }),
      ).toString('base64url');
      setCookie(c, cookieName(c), `v1.${payload}.${mac(`v1.${payload}`)}`, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: secure(c),
        maxAge: SESSION_SECONDS,
      });
    },
    signOut: (c) => {
      deleteCookie(c, cookieName(c), { path: '/', secure: secure(c) });
    },
    canReadWall: (c) => {
      if (options.publicWall) return true;
      if (session(c)) return true;
      const bearer = bearerOf(c.req.header('authorization'));
      const readers = [...(reviewer === undefined ? [] : [reviewer]), ...viewerTokens()];
      if (bearer && tokenMatches(readers, bearer)) return true;
      const cookie = getCookie(c, VIEWER_COOKIE);
      return cookie !== undefined && cookie !== '' && tokenMatches(viewerTokens(), cookie);
    },
    refusal: WALL_REFUSAL,
    sameOrigin: (c) => {
      const given = c.req.header('origin');
      // Browsers send Origin with every form POST, but as "null" from a page whose referrer
      // policy is no-referrer (ours are): then the browser's own Sec-Fetch-Site must say
      // same-origin (a sandboxed or foreign page gets cross-site).
      if (given === undefined || given === 'null') {
        return c.req.header('sec-fetch-site') === 'same-origin';
      }
      return given === origin(c);
    },
    csrfMatches: (current, given) =>
      typeof given === 'string' && given.length > 0 && sameText(given, current.csrf),
  };
}

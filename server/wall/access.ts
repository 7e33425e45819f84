/**
 * Who may read the wall's data: everyone with `--public-wall`, else whoever shows the viewer token
 * (`SOURCED_VIEWER_TOKEN`) as a bearer token or in the `sourced_viewer` cookie. The CSV holds
 * every employee's email, so it is closed unless the wall was made public on purpose.
 *
 * One hook, `canReadWall`, so that other credentials (a reviewer's, a sign-in) can be added in
 * one place.
 */
import { bearerOf, tokenMatches } from '../auth';

export const VIEWER_COOKIE = 'sourced_viewer';

export interface WallAccessOptions {
  /** Everyone may read the wall and its CSV (`--public-wall`). */
  publicWall?: boolean;
  /** The viewer tokens in force (empty or undefined: none). */
  viewerTokens?: () => readonly string[];
}

export interface WallAccess {
  /** True when the request may read the wall's data. */
  canReadWall(request: Request): boolean;
  /** The error to answer when it may not, in plain words. */
  readonly refusal: string;
}

/** A cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function wallAccess(options: WallAccessOptions): WallAccess {
  return {
    canReadWall(request) {
      if (options.publicWall) return true;
      const tokens = options.viewerTokens?.() ?? [];
      if (tokens.length === 0) return false;
      const given =
        bearerOf(request.headers.get('authorization') ?? undefined) ??
        cookieValue(request.headers.get('cookie'), VIEWER_COOKIE);
      return given !== undefined && tokenMatches(tokens, given);
    },
    refusal:
      'The wins CSV needs the viewer token (Authorization: Bearer <SOURCED_VIEWER_TOKEN>, or the sourced_viewer cookie), or a receiver started with --public-wall.',
  };
}

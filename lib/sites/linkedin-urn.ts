/**
 * LinkedIn post ids: URNs on Ember markers, the bytes of React tracking scopes, post-page paths,
 * and what an id tells (creation time, permalink). Pure functions of strings.
 */
import { isoTime } from './dom';

export const LINKEDIN_ORIGIN = 'https://www.linkedin.com';
/** A post URN; the number is a 63-bit id whose top 41 bits are the creation time in ms. */
export const POST_URN = /^urn:li:(?:activity|ugcPost|share):\d{1,25}$/;
const POST_URN_IN_TEXT = /urn:li:(?:activity|ugcPost|share):\d{1,25}(?!\w)/;
/** Ember ads: `urn:li:sponsoredContentV2:(urn:li:ugcPost:N,urn:li:sponsoredCreative:M)`. */
const SPONSORED_URN = /^urn:li:sponsoredContentV2:\((urn:li:(?:activity|ugcPost|share):\d{1,25}),/;
const MARKER_URN = /^urn:li:(?:activity|ugcPost|share|sponsoredContentV2):/;
/** Post pages: `/feed/update/<urn>/` or `/posts/<slug>-activity-<id>-xxxx/`. */
export const PAGE_UPDATE = /^\/feed\/update\/(urn:li:(?:activity|ugcPost|share):\d{1,25})\/?$/;
const PAGE_POSTS = /^\/posts\/[^/]*-(activity|ugcPost|share)-(\d{1,25})-[^/]*\/?$/;
/** Tracking scopes larger than this are not parsed (a real one is well under 2 kB). */
const MAX_SCOPE = 64_000;
const UTF8 = new TextDecoder();

/** Creation time of a LinkedIn post from its URN or numeric id: `id >> 22` ms since 1970. */
export function linkedInTimeFromId(urnOrId: string): string | undefined {
  const digits = urnOrId.slice(urnOrId.lastIndexOf(':') + 1);
  return /^\d{1,25}$/.test(digits) ? isoTime(BigInt(digits) >> 22n) : undefined;
}

export function linkedInPermalink(urn: string): string {
  return `${LINKEDIN_ORIGIN}/feed/update/${urn}/`;
}

/** The post URN a `data-urn`/`data-id` value stands for, and whether it is an ad's. */
export function parseMarkerUrn(value: string): { id?: string; sponsored: boolean } {
  const ad = SPONSORED_URN.exec(value);
  if (ad) return { id: ad[1], sponsored: true };
  if (value.startsWith('urn:li:sponsoredContentV2:')) return { sponsored: true };
  return { id: POST_URN.test(value) ? value : undefined, sponsored: false };
}

/** The `data-urn` (or `data-id`) of an Ember element, if it marks a post (or an ad). */
export function markerUrn(el: Element | null): string | undefined {
  if (!el) return undefined;
  for (const attr of ['data-urn', 'data-id']) {
    const value = el.getAttribute(attr);
    if (value && value.length < 300 && MARKER_URN.test(value)) return value;
  }
  return undefined;
}

/** The update URN inside a React tracking scope: JSON array → breadcrumb bytes → JSON. */
export function urnFromTrackingScope(raw: string): string | undefined {
  return readTrackingScope(raw).post;
}

/**
 * What a React tracking scope says: `post`, the post URN it names (if any), and `update`, the raw
 * `updateUrn` it carries, which names something else on cards that are not posts (LinkedIn's
 * own promotions: "Are you hiring?", premium offers).
 */
export function readTrackingScope(raw: string): { post?: string; update?: string } {
  if (raw.length > MAX_SCOPE) return {};
  const byteArrays: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(raw);
    for (const entry of Array.isArray(parsed) ? parsed : [parsed]) {
      byteArrays.push(dig(entry, ['breadcrumb', 'content', 'data']));
    }
  } catch {
    // Broken JSON around intact bytes: salvage the first complete byte array.
    const data = /"data"\s*:\s*\[([\d,\s]{1,20000})\]/.exec(raw)?.[1];
    if (data) byteArrays.push(data.split(',').map(Number));
  }
  let update: string | undefined;
  for (const data of byteArrays) {
    if (!Array.isArray(data) || data.length > MAX_SCOPE) continue;
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const b: unknown = data[i];
      bytes[i] = typeof b === 'number' ? b & 255 : 0;
    }
    const decoded = UTF8.decode(bytes);
    try {
      const found = dig(JSON.parse(decoded), ['updateUrn']);
      if (typeof found === 'string') {
        if (POST_URN.test(found)) return { post: found, update: found };
        update ??= found.slice(0, 300);
      }
    } catch {
      // Not JSON: the URN may still be in the text.
    }
    // updateUrn may also wrap the post URN (`urn:li:fsd_update:(urn:li:activity:N,…)`).
    const found = POST_URN_IN_TEXT.exec(decoded)?.[0];
    if (found) return { post: found, update: update ?? found };
  }
  const post = POST_URN_IN_TEXT.exec(raw)?.[0];
  return post ? { post, update: update ?? post } : { update };
}

/** An `updateUrn` that names neither a post nor an ad: one of LinkedIn's own cards. */
export function isNonPostUpdate(update: string | undefined): boolean {
  return update !== undefined && !POST_URN_IN_TEXT.test(update) && !/sponsored/i.test(update);
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/** A post page names its post in the path (`/feed/update/<urn>/` or `/posts/…-activity-<id>-…`). */
export function idFromPage(page: URL): string | undefined {
  const path = decodedPath(page);
  if (path === undefined) return undefined;
  const update = PAGE_UPDATE.exec(path);
  if (update) return update[1];
  const posts = PAGE_POSTS.exec(path);
  return posts ? `urn:li:${posts[1]}:${posts[2]}` : undefined;
}

/** The URN of a link to a post's details page (`/feed/update/<urn>/`), on linkedin.com only. */
export function idFromUpdateLink(url: URL | undefined): string | undefined {
  if (!url || !/(^|\.)linkedin\.com$/.test(url.hostname)) return undefined;
  // A malformed escape: keep the raw path.
  const path = decodedPath(url) ?? url.pathname;
  return PAGE_UPDATE.exec(path)?.[1];
}

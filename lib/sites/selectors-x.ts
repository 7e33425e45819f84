/**
 * Every X (Twitter) selector, in one table. X renders with React Native for Web: class names are
 * generated (`css-*`, `r-*`) and change with deploys, so everything is read through `data-testid`,
 * `role`, `<time>` and URL shapes. Each entry lists alternatives, tried in order. See
 * tests/fixtures/SITES.md.
 */
import { labelPattern, labelSet } from './labels';

export const XS = {
  /** One per post. The timeline row around it (`cellInnerDiv`) is recycled while scrolling. */
  post: [
    'article[data-testid="tweet"]', // timeline, status, profile, list pages
    'div[data-testid="tweet"]', // older markup (kept as a fallback)
  ],

  /**
   * A quote box is a `div[role=link]` (not an article) that repeats User-Name, time and text; a
   * quote of a blocked account shows as a nested article. The post's own fields are read
   * outside both.
   */
  notOwn: 'div[role="link"], article',
  /** Which of the notOwn parts is the quote box (it must be one of the notOwn selectors). */
  quoteBox: ['div[role="link"]'],

  /** Display name link (first) and handle link; a quote box's copy has no links. */
  userName: ['[data-testid="User-Name"]'],
  /** The `<time>` inside the post's status link `/<handle>/status/<id>` gives id, handle, time. */
  time: ['time[datetime]', 'time'],
  /** Any status link: the quote's id is only in its media links (`…/photo/1`, `…/video/1`). */
  statusLink: ['a[href*="/status/"]'],
  avatar: [
    '[data-testid^="UserAvatar-Container-"]', // its test id ends with the handle
    '[data-testid="Tweet-User-Avatar"] a[href]', // posts embedded in X Articles (2026): link only
  ],

  text: ['[data-testid="tweetText"]'],
  textSkip: '[data-testid="tweet-text-show-more-link"]',

  /** "NAME reposted" (inside a link to the reposter), or "Pinned" on a profile. */
  socialContext: ['[data-testid="socialContext"]'],

  /** Ads: an ancestor of the article wraps it with impression pixels. */
  promotedAncestor: '[data-testid="placementTracking"]',
  /** Ad signals when that wrapper is missing: a header label, `twclid=` on outbound links. */
  adLabel: ['div[dir] > span'],
  adLink: ['a[href*="twclid="]'],

  /** Where the flag host goes; see flagSlot in x.ts. */
  caret: ['[data-testid="caret"]'],
  actionBar: ['[role="group"]'],
} as const;

/** Labels that mark an ad, in every language (labels.ts), compared with a label's whole text
 * ("Ad hoc…" tweets exist). */
export const X_AD_LABELS: ReadonlySet<string> = labelSet('xAd');
/** A repost's social context, in every language. */
export const X_REPOSTED: RegExp = labelPattern('xReposted');

/** Single-segment paths that are X's own pages, not profiles. */
export const X_RESERVED_PATHS: ReadonlySet<string> = new Set([
  'home',
  'explore',
  'search',
  'notifications',
  'messages',
  'settings',
  'i',
  'hashtag',
  'compose',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
]);

/**
 * Every X (Twitter) selector, in one table. X renders with React Native for Web: class names are
 * generated (`css-*`, `r-*`) and change with deploys, so everything is read through `data-testid`,
 * `role`, `<time>` and URL shapes. Each entry lists alternatives, tried in order. See
 * tests/fixtures/SITES.md.
 */
import { labelPattern, labelSet, lazily } from './labels';

export const XS = {
  /** One per post. The timeline row around it (`cellInnerDiv`) is recycled while scrolling. */
  post: [
    'article[data-testid="tweet"]', // timeline, status, profile, list pages, X Article embeds
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
  time: ['time[datetime]'],
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
export const xAdLabels: () => ReadonlySet<string> = lazily(() => labelSet('xAd'));
/** A repost's social context, in every language. */
export const xReposted: () => RegExp = lazily(() => labelPattern('xReposted'));

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

/**
 * Each alternative above with fixtures it must match and how often (checked by
 * tests/unit/sites-selectors.test.ts, which runs every alternative over every fixture). Lists tried
 * in order count the posts for which the alternative is the first of its list to match; page-wide
 * lists count elements. An alternative that matches no fixture fails that test: give it a fixture
 * of the markup it serves, or remove it.
 */
export const X_COVERAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'article[data-testid="tweet"]': {
    'x-timeline.html': 5,
    'x-status-page.html': 2,
    'x-article-embed.html': 2,
  },
  'div[role="link"]': { 'x-timeline.html': 2, 'x-list.html': 4 },
  article: { 'x-timeline.html': 5, 'x-status-page.html': 2, 'x-article-embed.html': 2 },
  '[data-testid="User-Name"]': {
    'x-timeline.html': 6,
    'x-status-page.html': 2,
    'x-article-embed.html': 3,
  },
  'time[datetime]': { 'x-timeline.html': 5, 'x-status-page.html': 2, 'x-article-embed.html': 2 },
  'a[href*="/status/"]': {
    'x-timeline.html': 10,
    'x-status-page.html': 4,
    'x-article-embed.html': 2,
  },
  '[data-testid^="UserAvatar-Container-"]': {
    'x-timeline.html': 5,
    'x-status-page.html': 2,
    'x-article-embed.html': 1,
  },
  '[data-testid="Tweet-User-Avatar"] a[href]': { 'x-article-embed.html': 1 },
  '[data-testid="tweetText"]': {
    'x-timeline.html': 6,
    'x-status-page.html': 2,
    'x-article-embed.html': 2,
  },
  '[data-testid="tweet-text-show-more-link"]': { 'x-timeline-fr.html': 1 },
  '[data-testid="socialContext"]': {
    'x-timeline.html': 1,
    'x-profile.html': 2,
    'x-timeline-de.html': 1,
  },
  '[data-testid="placementTracking"]': { 'x-timeline.html': 1 },
  'div[dir] > span': {
    'x-timeline.html': 51,
    'x-status-page.html': 18,
    'x-article-embed.html': 19,
  },
  'a[href*="twclid="]': { 'x-timeline.html': 2 },
  '[data-testid="caret"]': {
    'x-timeline.html': 5,
    'x-status-page.html': 2,
    'x-article-embed.html': 2,
  },
  '[role="group"]': { 'x-timeline.html': 5, 'x-status-page.html': 2, 'x-article-embed.html': 2 },
};

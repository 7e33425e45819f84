/**
 * Every LinkedIn selector, in one table. Each entry lists alternatives, tried in order; the
 * comment says which markup variant each serves. Two layouts are live at once (per account, per
 * page type): the React/SDUI one (`body[data-rehydrated]`, generated class names: read through
 * `data-view-name`, `data-testid`, `componentkey` and `role`) and the legacy Ember one
 * (`body.ember-application`, stable BEM classes). See tests/fixtures/SITES.md.
 * `A >> B` means a B inside an A (two lookups; see dom.ts for why).
 */
import { labelPattern, labelSet, lazily } from './labels';

export const LI = {
  /** Marks one post each; linkedin.ts maps a marker to its post root and keeps the outermost. */
  postMarker: [
    // React: the card. Its root is the enclosing listitem row (below), when there is one.
    '[data-view-name="feed-full-update"]',
    // Ember: .feed-shared-update-v2[data-urn] inside div.occludable-update[data-id].
    '[data-urn^="urn:li:"]',
    '[data-id^="urn:li:"]',
  ],
  /** React: the feed row around a card; `componentkey` = "expanded" + opaque key + feed type. */
  reactRow: '[role="listitem"][componentkey^="expanded"]',

  /** React: JSON whose breadcrumb bytes hold {"updateUrn": …}. The only place of the post id. */
  trackingScope: ['[data-view-tracking-scope]'],

  /**
   * The nested shared post ("repost with your thoughts") and comments repeat actor and text
   * blocks: the post's own fields are read outside these.
   */
  notOwn: [
    '[data-view-name="feed-reshare"]', // React quote box
    '.update-components-mini-update-v2', // Ember quote box
    '.feed-shared-update-v2__update-content-wrapper', // Ember quote card as served in 2025
    '.comments-comments-list', // Ember comments
    '.comments-comment-entity',
    '[data-id^="urn:li:comment:"]',
  ].join(', '),

  /**
   * Per-layout alternatives. A post is read with its own layout's list first and the other
   * layout's after it, so a mixed or drifting markup still has a chance.
   */
  byLayout: {
    quoteBox: {
      react: ['[data-view-name="feed-reshare"]'],
      ember: [
        '.update-components-mini-update-v2',
        // 2025: the shared post in a card of its own (actor, text, link to its page); the same
        // wrapper without an actor holds the post's own media, which is no quote.
        '.feed-shared-update-v2__update-content-wrapper:has(.update-components-actor)',
      ],
    },
    /** The quoted post's URN sits on a link to it (React: around its relative time). */
    quoteLink: {
      react: ['a[href*="/feed/update/urn:li:"]'],
      ember: ['a.update-components-mini-update-v2__link-to-details-page'],
    },
    /** Its aria-label "Open control menu for post by NAME" names the author (labels.ts). */
    controlMenu: {
      react: ['button[data-view-name="feed-control-menu"]'],
      ember: ['.feed-shared-control-menu__trigger'],
    },
    /** The author's profile link (the first profile link of a post may be a "X likes this" line). */
    actorLink: {
      react: ['a[data-view-name="feed-actor-image"]'],
      ember: ['a.update-components-actor__meta-link'],
    },
    /** The visible name, when no control menu names the author (quote boxes have none). */
    actorName: {
      // First span of the name line, in the link next to the actor image.
      react: ['a[data-view-name="feed-actor-image"] + * a[href] span'],
      // The aria-hidden copy: the title's textContent doubles the name (visually-hidden copy).
      ember: ['.update-components-actor__title >> span[aria-hidden="true"]'],
    },
    /** The line under the name: a relative time, or exactly "Promoted" on an ad. */
    actorSubLine: {
      react: ['a[data-view-name="feed-actor-image"] + * p'], // also the name line: harmless
      ember: ['.update-components-actor__sub-description >> span[aria-hidden="true"]'],
    },
    /** The post's commentary. */
    text: {
      // "… more" is a button inside the box; it is skipped (textSkip).
      react: ['[data-view-name="feed-commentary"] [data-testid="expandable-text-box"]'],
      // The "…more" toggle is a sibling of this box.
      ember: ['.update-components-text'],
    },
    /** "NAME reposted this" line of a plain repost, with the reposter's link (React: see code). */
    repostHeader: { react: [], ember: ['.update-components-header'] },
    /** Where the flag host goes; see flagSlot in linkedin.ts. */
    flagSlot: {
      react: [],
      ember: ['.feed-shared-control-menu'], // absolutely positioned top-right box of the "…" menu
    },
    actionBar: {
      react: ['[role="group"]'], // Like / Comment / Repost / Send
      ember: ['.feed-shared-social-action-bar'],
    },
  },
  /** Ad creatives (both layouts). */
  adImage: ['img[alt="View Sponsored Content"]'],
  textSkip: '[data-testid="expandable-text-button"], .see-more, .visually-hidden',
} as const;

/** Header labels that mark an ad, in every language (labels.ts): whole labels, never substrings. */
export const liAdLabels: () => ReadonlySet<string> = lazily(() => labelSet('linkedinAd'));
/** "Promoted by COMPANY" on a thought-leader ad. */
export const liPromotedBy: () => RegExp = lazily(() => labelPattern('linkedinPromotedBy'));
export const liReposted: () => RegExp = lazily(() => labelPattern('linkedinReposted'));
export const liControlMenu: () => RegExp = lazily(() => labelPattern('linkedinControlMenu'));

/**
 * Each alternative above with fixtures it must match and how often (checked by
 * tests/unit/sites-selectors.test.ts, which runs every alternative over every fixture). Lists tried
 * in order count the posts for which the alternative is the first of its list to match; page-wide
 * lists count elements. An alternative that matches no fixture fails that test: give it a fixture
 * of the markup it serves, or remove it.
 */
export const LI_COVERAGE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '[data-view-name="feed-full-update"]': {
    'linkedin-feed.html': 5,
    'linkedin-company-feed.html': 3,
    'linkedin-feed-de.html': 4,
  },
  '[data-urn^="urn:li:"]': {
    'linkedin-feed-legacy.html': 5,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 4,
  },
  '[data-id^="urn:li:"]': {
    'linkedin-feed-legacy.html': 5,
    'linkedin-post-page.html': 2,
    'linkedin-feed-legacy-2025.html': 5,
  },
  '[role="listitem"][componentkey^="expanded"]': {
    'linkedin-feed.html': 5,
    'linkedin-company-feed.html': 3,
    'linkedin-feed-de.html': 4,
  },
  '[data-view-tracking-scope]': {
    'linkedin-feed.html': 4,
    'linkedin-company-feed.html': 3,
    'linkedin-feed-de.html': 2,
  },
  '[data-view-name="feed-reshare"]': { 'linkedin-feed.html': 2, 'linkedin-company-feed.html': 2 },
  '.update-components-mini-update-v2': {
    'linkedin-feed-legacy.html': 2,
    'linkedin-hostile.html': 2,
  },
  '.feed-shared-update-v2__update-content-wrapper': {
    'linkedin-feed-legacy.html': 1,
    'linkedin-feed-legacy-2025.html': 1,
  },
  '.comments-comments-list': { 'linkedin-post-page.html': 1 },
  '.comments-comment-entity': { 'linkedin-post-page.html': 1 },
  '[data-id^="urn:li:comment:"]': { 'linkedin-post-page.html': 1 },
  '.feed-shared-update-v2__update-content-wrapper:has(.update-components-actor)': {
    'linkedin-feed-legacy-2025.html': 1,
  },
  'a[href*="/feed/update/urn:li:"]': {
    'linkedin-feed.html': 2,
    'linkedin-feed-legacy.html': 1,
    'linkedin-feed-legacy-2025.html': 1,
  },
  'a.update-components-mini-update-v2__link-to-details-page': {
    'linkedin-feed-legacy.html': 1,
    'linkedin-hostile.html': 1,
  },
  'button[data-view-name="feed-control-menu"]': {
    'linkedin-feed.html': 5,
    'linkedin-company-feed.html': 3,
    'linkedin-feed-de.html': 4,
  },
  '.feed-shared-control-menu__trigger': {
    'linkedin-feed-legacy.html': 5,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 4,
  },
  'a[data-view-name="feed-actor-image"]': {
    'linkedin-feed.html': 6,
    'linkedin-company-feed.html': 4,
    'linkedin-feed-de.html': 4,
  },
  'a.update-components-actor__meta-link': {
    'linkedin-feed-legacy.html': 6,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 5,
  },
  'a[data-view-name="feed-actor-image"] + * a[href] span': {
    'linkedin-feed.html': 17,
    'linkedin-company-feed.html': 11,
    'linkedin-feed-de.html': 12,
  },
  '.update-components-actor__title >> span[aria-hidden="true"]': {
    'linkedin-feed-legacy.html': 10,
    'linkedin-post-page.html': 2,
    'linkedin-feed-legacy-2025.html': 5,
  },
  'a[data-view-name="feed-actor-image"] + * p': {
    'linkedin-feed.html': 18,
    'linkedin-company-feed.html': 12,
    'linkedin-feed-de.html': 12,
  },
  '.update-components-actor__sub-description >> span[aria-hidden="true"]': {
    'linkedin-feed-legacy.html': 6,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 5,
  },
  '[data-view-name="feed-commentary"] [data-testid="expandable-text-box"]': {
    'linkedin-feed.html': 6,
    'linkedin-company-feed.html': 4,
    'linkedin-feed-de.html': 4,
  },
  '.update-components-text': {
    'linkedin-feed-legacy.html': 6,
    'linkedin-post-page.html': 2,
    'linkedin-feed-legacy-2025.html': 5,
  },
  '.update-components-header': { 'linkedin-feed-legacy-2025.html': 1 },
  '.feed-shared-control-menu': {
    'linkedin-feed-legacy.html': 5,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 4,
  },
  '[role="group"]': {
    'linkedin-feed.html': 5,
    'linkedin-company-feed.html': 3,
    'linkedin-feed-de.html': 4,
  },
  '.feed-shared-social-action-bar': {
    'linkedin-feed-legacy.html': 5,
    'linkedin-post-page.html': 1,
    'linkedin-feed-legacy-2025.html': 4,
  },
  'img[alt="View Sponsored Content"]': { 'linkedin-feed.html': 1, 'linkedin-feed-legacy.html': 1 },
  '[data-testid="expandable-text-button"]': { 'linkedin-feed.html': 1 },
  '.see-more': { 'linkedin-feed-legacy.html': 1 },
  '.visually-hidden': {
    'linkedin-feed-legacy.html': 28,
    'linkedin-post-page.html': 5,
    'linkedin-feed-legacy-2025.html': 19,
  },
};

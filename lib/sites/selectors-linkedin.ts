/**
 * Every LinkedIn selector, in one table. Each entry lists alternatives, tried in order; the
 * comment says which markup variant each serves. Two layouts are live at once (per account, per
 * page type): the React/SDUI one (`body[data-rehydrated]`, generated class names: read through
 * `data-view-name`, `data-testid`, `componentkey` and `role`) and the legacy Ember one
 * (`body.ember-application`, stable BEM classes). See tests/fixtures/SITES.md.
 */
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
    '.comments-comments-list', // Ember comments
    '.comments-comment-entity',
    '[data-id^="urn:li:comment:"]',
  ].join(', '),

  quoteBox: [
    '[data-view-name="feed-reshare"]', // React
    '.update-components-mini-update-v2', // Ember
  ],
  /** The quoted post's URN sits on a link to it (React: around its relative time). */
  quoteLink: [
    'a.update-components-mini-update-v2__link-to-details-page', // Ember
    'a[href*="/feed/update/urn:li:"]', // React, and Ember fallback
  ],

  /** Its aria-label "Open control menu for post by NAME" names the author reliably. */
  controlMenu: [
    'button[data-view-name="feed-control-menu"]', // React
    'button[aria-label^="Open control menu for post by "]', // Ember (.feed-shared-control-menu__trigger)
  ],
  /** The author's profile link (the first profile link in a post may be a "X likes this" line). */
  actorLink: [
    'a[data-view-name="feed-actor-image"]', // React
    'a.update-components-actor__meta-link', // Ember
    'a.update-components-actor__image', // Ember, image only
  ],
  /** The visible name, when no control menu names the author (quote boxes have none). */
  actorName: [
    // React: first span of the name line, in the link next to the actor image.
    'a[data-view-name="feed-actor-image"] + * a[href] span',
    // Ember: the aria-hidden copy; the title's textContent doubles the name (visually-hidden copy).
    '.update-components-actor__title span[aria-hidden="true"]',
  ],
  /** The line under the name: a relative time, or exactly "Promoted" on an ad. */
  actorSubLine: [
    'a[data-view-name="feed-actor-image"] + * p', // React (also matches the name line; harmless)
    '.update-components-actor__sub-description span[aria-hidden="true"]', // Ember
  ],
  /** Ad creatives (React and Ember). */
  adImage: ['img[alt="View Sponsored Content"]'],

  /** The post's commentary. */
  text: [
    // React: "… more" is a button inside the box; it is skipped (textSkip).
    '[data-view-name="feed-commentary"] [data-testid="expandable-text-box"]',
    '[data-view-name="feed-commentary"]',
    // Ember: the "…more" toggle is a sibling of this box.
    '.update-components-text',
  ],
  textSkip: '[data-testid="expandable-text-button"], .see-more, .visually-hidden',

  /** "NAME reposted this" header line of a plain repost (Ember), with the reposter's link. */
  repostHeader: ['.update-components-header'],

  /** Where the flag host goes; see flagSlot in linkedin.ts. */
  flagSlot: [
    '.feed-shared-control-menu', // Ember: absolutely positioned top-right box of the "…" menu
  ],
  actionBar: [
    '[role="group"]', // React: Like / Comment / Repost / Send
    '.feed-shared-social-action-bar', // Ember
  ],
} as const;

/** Header labels that mark an ad, compared with the whole text of a label (never a substring). */
export const LI_AD_LABELS: ReadonlySet<string> = new Set(['Promoted', 'Sponsored']);

/**
 * The fixed vocabularies and limits of a capture, without Zod, so that the content script can use
 * them and stay small (lib/capture.ts builds the schema from these).
 */
export const PLATFORMS = ['linkedin', 'x'] as const;
export const POST_KINDS = ['post', 'repost', 'quote', 'sponsored'] as const;
export const OUTCOME_TYPES = [
  'customer',
  'deal',
  'lead',
  'opportunity',
  'partnership',
  'hire',
  'other',
] as const;
export const OUTCOME_STAGES = ['identified', 'in_progress', 'won', 'lost'] as const;

/**
 * draft → queued → delivering → delivered | failed; withdrawn once a withdrawal was delivered.
 * A delivered capture that is edited or withdrawn goes back to queued with a new revision.
 */
export const CAPTURE_STATUSES = [
  'draft',
  'queued',
  'delivering',
  'delivered',
  'failed',
  'withdrawn',
] as const;

/** Limits keep one capture far below the contract's 20 KB body ceiling. */
export const LIMITS = {
  name: 200,
  handle: 200,
  url: 2048,
  excerpt: 500,
  crmRef: 500,
  note: 4000,
  team: 200,
  postId: 300,
} as const;

/** Words for the vocabularies above, shared by the extension's UI, its messages and the receiver. */
export const OUTCOME_LABELS: Record<(typeof OUTCOME_TYPES)[number], string> = {
  customer: 'Customer',
  deal: 'Deal',
  lead: 'Lead',
  opportunity: 'Opportunity',
  partnership: 'Partnership',
  hire: 'Hire',
  other: 'Other',
};

export const STAGE_LABELS: Record<(typeof OUTCOME_STAGES)[number], string> = {
  identified: 'Identified',
  in_progress: 'In progress',
  won: 'Won',
  lost: 'Lost',
};

export const PLATFORM_LABELS: Record<(typeof PLATFORMS)[number], string> = {
  linkedin: 'LinkedIn',
  x: 'X',
};

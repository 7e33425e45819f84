/**
 * The capture: one record of a post that led to an outcome. This file is the single schema of it;
 * the background, the UI, the exporters and the reference receiver all validate against it, and
 * every TypeScript type below is inferred from it.
 *
 * `CaptureData` is the `data` object of the delivery contract
 * (shared design: recognition-endpoint.md); `Capture` is what the local store keeps around it.
 */
import { z } from 'zod';
import {
  CAPTURE_STATUSES,
  LIMITS,
  OUTCOME_STAGES,
  OUTCOME_TYPES,
  PLATFORMS,
  POST_KINDS,
} from './capture-constants';
import { cleanText } from './clean-text';
import { isHttpUrl } from './url';

export { CAPTURE_STATUSES, LIMITS, OUTCOME_STAGES, OUTCOME_TYPES, PLATFORMS, POST_KINDS };

export { cleanText };

const text = (max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().max(max, { error: `at most ${max} characters` }));
/** Empty strings become absent: the contract omits optional fields rather than send "". */
const optionalText = (max: number) =>
  text(max)
    .transform((v) => (v === '' ? undefined : v))
    .optional();

/** Only http(s) URLs are kept: a `javascript:` or `data:` link from a page must never become a link. */
export const webUrl = z
  .string()
  .max(LIMITS.url)
  .refine(isHttpUrl, { error: 'must be an http(s) URL' });

const isoDateTime = z.iso.datetime({ offset: true });

export const PersonSchema = z.object({
  name: optionalText(LIMITS.name),
  handle: optionalText(LIMITS.handle),
  url: webUrl.optional(),
});
export type Person = z.infer<typeof PersonSchema>;

export const QuotedPostSchema = z.object({
  id: optionalText(LIMITS.postId),
  url: webUrl.optional(),
  author: PersonSchema.optional(),
});

export const PostSchema = z.object({
  /** LinkedIn URN or X status id, always a string (ids exceed 2^53). Absent when unreadable. */
  id: optionalText(LIMITS.postId),
  /** The canonical permalink, or the page URL when the post has none (ads, partial reads). */
  url: webUrl,
  kind: z.enum(POST_KINDS),
  author: PersonSchema,
  postedAt: isoDateTime.optional(),
  excerpt: optionalText(LIMITS.excerpt),
  textSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  quoted: QuotedPostSchema.optional(),
  repostedBy: PersonSchema.optional(),
  /** True when the adapter recognised a post but could not read all of it (see the debug log). */
  partial: z.boolean().optional(),
});
export type Post = z.infer<typeof PostSchema>;

export const CURRENCY = z.string().regex(/^[A-Z]{3}$/, { error: 'an ISO 4217 code such as EUR' });

export const OutcomeSchema = z.object({
  type: z.enum(OUTCOME_TYPES),
  stage: z.enum(OUTCOME_STAGES),
  value: z
    .object({
      amount: z.number().finite().nonnegative().max(1e15),
      currency: CURRENCY,
    })
    .optional(),
  crmRef: optionalText(LIMITS.crmRef),
  note: optionalText(LIMITS.note),
  occurredAt: z.iso.date().optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

export const EmployeeSchema = z.object({
  name: optionalText(LIMITS.name),
  email: z.email().max(320).optional(),
  employeeId: optionalText(LIMITS.name),
  team: optionalText(LIMITS.team),
});
export type Employee = z.infer<typeof EmployeeSchema>;

export const ClientSchema = z.object({ name: z.literal('sourced'), version: z.string().max(40) });

/** The `data` object of a delivery event, as the recognition endpoint receives it. */
export const CaptureDataSchema = z.object({
  id: z.uuid(),
  revision: z.number().int().min(1),
  platform: z.enum(PLATFORMS),
  post: PostSchema,
  outcome: OutcomeSchema,
  employee: EmployeeSchema,
  capturedAt: isoDateTime,
  submittedAt: isoDateTime.optional(),
  client: ClientSchema,
});
export type CaptureData = z.infer<typeof CaptureDataSchema>;

export const ReceiptSchema = z.object({
  id: z.string().max(300).optional(),
  url: webUrl.optional(),
});

/** What the local store keeps: the delivered data plus its place in the outbox. */
export const CaptureSchema = CaptureDataSchema.extend({
  status: z.enum(CAPTURE_STATUSES),
  /** What the next delivery says: a submission/update, or a withdrawal. */
  intent: z.enum(['submit', 'withdraw']),
  attempts: z.number().int().min(0),
  lastError: z.string().max(1000).optional(),
  deliveredAt: isoDateTime.optional(),
  /** The revision the endpoint last accepted; an edit after that needs a new revision. */
  deliveredRevision: z.number().int().min(1).optional(),
  receipt: ReceiptSchema.optional(),
  /** After a transient failure of this capture: not before this time (unless sent by hand). */
  nextAttemptAt: isoDateTime.optional(),
  updatedAt: isoDateTime,
  /** Dedupe key of the post on this device: its id, or a content key when it has none. */
  postKey: z.string().min(1).max(400),
});
export type Capture = z.infer<typeof CaptureSchema>;
export type CaptureStatus = Capture['status'];
export type CaptureInput = z.input<typeof CaptureSchema>;

/** The event type a capture's next delivery carries. */
export function eventType(
  capture: Pick<Capture, 'intent' | 'revision'>,
): 'capture.submitted' | 'capture.updated' | 'capture.withdrawn' {
  if (capture.intent === 'withdraw') return 'capture.withdrawn';
  return capture.revision === 1 ? 'capture.submitted' : 'capture.updated';
}

/** `<capture id>.<revision>`: the same on every retry of one revision, new for each revision. */
export function eventId(capture: Pick<Capture, 'id' | 'revision'>): string {
  return `${capture.id}.${capture.revision}`;
}

/** The delivered form of a stored capture: exactly the contract's `data` object. */
export function toCaptureData(capture: Capture): CaptureData {
  const { id, revision, platform, post, outcome, employee, capturedAt, submittedAt, client } =
    capture;
  const data = CaptureDataSchema.parse({
    id,
    revision,
    platform,
    post,
    outcome,
    employee,
    capturedAt,
    submittedAt,
    client,
  });
  // The contract omits optional fields instead of sending them empty: drop undefined keys.
  return JSON.parse(JSON.stringify(data)) as CaptureData;
}

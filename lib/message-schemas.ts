/**
 * Zod schemas of the data of every message in lib/messages.ts. Only the background imports this
 * module at run time: it validates each message before acting on it. It imports nothing from
 * lib/messages.ts; that module derives its request types from these schemas and checks that
 * both list the same message types (one direction, no cycle).
 */
import { z } from 'zod';
import {
  OutcomeSchema,
  PLATFORMS,
  POST_KINDS,
  PersonSchema,
  QuotedPostSchema,
  webUrl,
} from './capture';

/** Longest post text accepted from a page; the privacy setting shortens it further. */
export const MAX_POST_TEXT = 100_000;

/** A post as a content script read it (see lib/sites/types.ts). */
export const ExtractedPostSchema = z.object({
  platform: z.enum(PLATFORMS),
  id: z.string().max(300).optional(),
  url: webUrl,
  kind: z.enum(POST_KINDS),
  author: PersonSchema,
  postedAt: z.iso.datetime({ offset: true }).optional(),
  // Longer text is cut, not refused: a huge post is still a post worth flagging.
  text: z.string().transform((t) => t.slice(0, MAX_POST_TEXT)),
  quoted: QuotedPostSchema.optional(),
  repostedBy: PersonSchema.optional(),
  partial: z.boolean().optional(),
  missing: z.array(z.string().max(100)).max(20).optional(),
  key: z.string().min(1).max(400),
});

export const FlagStatesRequestSchema = z.object({
  postKeys: z.array(z.string().min(1).max(400)).max(500),
});

export const OpenFormRequestSchema = z.object({
  post: ExtractedPostSchema,
  theme: z.enum(['light', 'dark']),
});

const FormSessionId = z.uuid();

export const FormSaveRequestSchema = z.object({
  session: FormSessionId,
  outcome: OutcomeSchema,
  /** true: queue for delivery; false: keep as a local draft. */
  submit: z.boolean(),
});

export const FormCloseRequestSchema = z.object({ session: FormSessionId });

/** Schemas by message type: the background refuses a type that is not listed here. */
export const CONTENT_REQUEST_SCHEMAS = {
  flagStates: FlagStatesRequestSchema,
  openForm: OpenFormRequestSchema,
} as const satisfies Record<string, z.ZodType>;

/** The form frame's messages (FormProtocol). */
export const FORM_REQUEST_SCHEMAS = {
  formOpen: z.undefined(),
  formSave: FormSaveRequestSchema,
  formClose: FormCloseRequestSchema,
} as const satisfies Record<string, z.ZodType>;

export const PAGE_REQUEST_SCHEMAS = {
  syncNow: z.undefined(),
  endpointSaved: z.undefined(),
  capturesChanged: z.undefined(),
  testEndpoint: z.undefined(),
} as const satisfies Record<string, z.ZodType>;

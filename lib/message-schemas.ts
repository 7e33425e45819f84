/**
 * Zod schemas of the data of every message in lib/messages.ts. Only the background imports this
 * module at run time: it validates each message before acting on it. It imports nothing from
 * lib/messages.ts; that module derives its request types from these schemas and checks that
 * both list the same message types (one direction, no cycle).
 */
import { z } from 'zod';
import {
  CaptureSchema,
  OutcomeSchema,
  PLATFORMS,
  POST_KINDS,
  PersonSchema,
  QuotedPostSchema,
  webUrl,
} from './capture';
import { ENDPOINT_FORMATS } from './delivery/endpoint-config';
import { MAX_IMPORT_BYTES } from './import/import-export';
import { IdentitySchema, PrivacySchema } from './settings';

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

export const SaveCaptureRequestSchema = z.object({
  post: ExtractedPostSchema,
  outcome: OutcomeSchema,
  /** true: queue for delivery; false: keep as a local draft. */
  submit: z.boolean(),
  /** Editing an existing capture of this post rather than creating one. */
  captureId: z.uuid().optional(),
});

export const FlagStatesRequestSchema = z.object({
  postKeys: z.array(z.string().min(1).max(400)).max(500),
});

export const CaptureForPostRequestSchema = z.object({ postKey: z.string().min(1).max(400) });

/** Schemas by message type: the background refuses a type that is not listed here. */
export const CONTENT_REQUEST_SCHEMAS = {
  saveCapture: SaveCaptureRequestSchema,
  flagStates: FlagStatesRequestSchema,
  captureForPost: CaptureForPostRequestSchema,
} as const satisfies Record<string, z.ZodType>;

/** A capture of this browser, by id (ids are UUIDs, or whatever an imported export holds). */
const CaptureIdRequestSchema = z.object({ id: z.string().min(1).max(200) });

export const EditCaptureRequestSchema = z.object({
  id: z.string().min(1).max(200),
  outcome: OutcomeSchema,
  submit: z.boolean(),
});

/**
 * What the options page saves: each section already checked by the page (lib/settings-draft.ts)
 * and checked again here. For a secret, `undefined` keeps the saved one and '' clears it.
 */
export const SaveSettingsRequestSchema = z.object({
  identity: IdentitySchema.optional(),
  privacy: PrivacySchema.optional(),
  endpoint: z
    .object({
      url: z.string().max(2048),
      format: z.enum(ENDPOINT_FORMATS),
      token: z.string().max(10_000).optional(),
      signingSecret: z.string().max(10_000).optional(),
      headers: z
        .array(z.object({ name: z.string().max(200), value: z.string().max(10_000).optional() }))
        .max(50),
    })
    .optional(),
});

export const PAGE_REQUEST_SCHEMAS = {
  syncNow: z.undefined(),
  testEndpoint: z.undefined(),
  submitCapture: CaptureIdRequestSchema,
  withdrawCapture: CaptureIdRequestSchema,
  deleteCapture: CaptureIdRequestSchema,
  restoreCapture: z.object({ capture: CaptureSchema }),
  editCapture: EditCaptureRequestSchema,
  submitAllDrafts: z.undefined(),
  saveSettings: SaveSettingsRequestSchema,
  // The text of a JSON export; its size is refused in the page before it is read.
  importExport: z.object({ text: z.string().max(MAX_IMPORT_BYTES) }),
  deleteAllData: z.undefined(),
  setDebugLog: z.object({ on: z.boolean() }),
} as const satisfies Record<string, z.ZodType>;

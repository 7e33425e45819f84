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
import { OUTCOME_STAGES } from './capture-constants';
import { ENDPOINT_FORMATS } from './delivery/endpoint-config';
import { MAX_FOLLOWUP_DAYS, MIN_FOLLOWUP_DAYS } from './followup/settings';
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

/** A count in a layout diagnostic: no page holds more elements than this. */
const count = z.number().int().min(0).max(1_000_000);
/** A word of ours (page kind, layout, adapter version): short, and nothing a page could spell. */
const token = z
  .string()
  .max(40)
  .regex(/^[a-z0-9][a-z0-9.-]*$/);

/**
 * A record with at most `max` keys, counted before any key is parsed: a compromised renderer must
 * not make the background walk a million keys to refuse them.
 */
function boundedRecord<K extends z.ZodType<string>>(key: K, max: number) {
  return z
    .unknown()
    .refine(
      (value) => typeof value !== 'object' || value === null || Object.keys(value).length <= max,
      { message: `at most ${max} entries`, abort: true },
    )
    .pipe(z.record(key, count));
}

/**
 * What a content script reports when the page's layout looks unrecognised (lib/sites/layout-health.ts):
 * counts, our selectors and field names only. Strict, so that nothing else (a text, a name, a
 * URL) rides along; capped, because the sender may be a compromised renderer.
 */
export const LayoutReportRequestSchema = z.strictObject({
  problem: z.enum(['no-posts-recognised', 'mostly-partial']),
  diagnostic: z.strictObject({
    platform: z.enum(PLATFORMS),
    adapterVersion: token,
    pageKind: token,
    layout: token,
    containers: count,
    recognised: count,
    partial: count,
    missing: boundedRecord(z.string().min(1).max(60), 20),
    selectorHits: boundedRecord(z.string().min(1).max(300), 200),
  }),
});

/** Which tab the popup asks about (its own window's active tab). */
export const LayoutStatusRequestSchema = z.strictObject({ tabId: z.number().int().min(0) });

/** The content script asks for the post reader: nothing to say but that. */
export const LoadReaderRequestSchema = z.strictObject({});

/** Schemas by message type: the background refuses a type that is not listed here. */
export const CONTENT_REQUEST_SCHEMAS = {
  flagStates: FlagStatesRequestSchema,
  loadReader: LoadReaderRequestSchema,
  openForm: OpenFormRequestSchema,
  layoutReport: LayoutReportRequestSchema,
} as const satisfies Record<string, z.ZodType>;

/** The form frame's messages (FormProtocol). */
export const FORM_REQUEST_SCHEMAS = {
  formOpen: z.undefined(),
  formSave: FormSaveRequestSchema,
  formClose: FormCloseRequestSchema,
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
  popupOpened: z.undefined(),
  setFollowupStage: z.object({ id: z.string().min(1).max(200), stage: z.enum(OUTCOME_STAGES) }),
  snoozeFollowup: CaptureIdRequestSchema,
  saveFollowupSettings: z.object({
    days: z.number().int().min(MIN_FOLLOWUP_DAYS).max(MAX_FOLLOWUP_DAYS),
    badge: z.boolean(),
  }),
  layoutStatus: LayoutStatusRequestSchema,
} as const satisfies Record<string, z.ZodType>;

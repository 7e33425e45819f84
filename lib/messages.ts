/**
 * The one contract between the extension's contexts: every message is declared here. The Zod
 * schemas of their data are in lib/message-schemas.ts (kept apart so the content script does not
 * carry Zod); the background parses each message with them before acting, because a compromised
 * page context could send anything a content script can.
 *
 * Replies are always `Result` values (`{ok: true, value} | {ok: false, error}`), never thrown.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { z } from 'zod';
import type { Capture } from './capture';
import type { SyncRunSummary } from './delivery/outbox-run';
import type {
  CONTENT_REQUEST_SCHEMAS,
  FlagStatesRequestSchema,
  FORM_REQUEST_SCHEMAS,
  FormCloseRequestSchema,
  FormSaveRequestSchema,
  OpenFormRequestSchema,
  PAGE_REQUEST_SCHEMAS,
} from './message-schemas';
import type { Result } from './result';

/**
 * All a content script ever learns of a stored capture: which one and in what state. Outcomes
 * (note, CRM reference, value) never cross into a site's renderer, where a compromised page
 * process could read them.
 */
export interface CaptureRef {
  id: string;
  status: Capture['status'];
}

/**
 * The content script's side. It reads posts (public data) and opens the form frame; it never
 * reads or writes an outcome: the form runs in an extension page (lib/background/form-sessions.ts).
 */
export interface ContentProtocol {
  /** Which of these posts already have a capture (for the flags' `data-state`). */
  flagStates(data: z.input<typeof FlagStatesRequestSchema>): Result<string[]>;
  /**
   * The user clicked a flag: keep this post for the form frame this tab opens next. The reply
   * names the form, so that the tab knows which form a later `formClosed` is about.
   */
  openForm(data: z.input<typeof OpenFormRequestSchema>): Result<{ form: string }>;
}

/** The post as the form frame shows it (public data the content script read). */
export interface FormPostPreview {
  platform: Capture['platform'];
  author?: string;
  postedAt?: string;
  excerpt?: string;
}

/** What the form frame needs to show: the post, and the capture when the post has one. */
export interface FormView {
  /** Names this form for formSave and formClose; bound to the tab that opened it. */
  session: string;
  post: FormPostPreview;
  capture: (CaptureRef & { outcome: Capture['outcome'] }) | null;
  theme: 'light' | 'dark';
}

/**
 * Messages of the form frame (entrypoints/capture-frame): an extension page inside a site's tab.
 * The background accepts them only from that page of this extension, in the tab whose content
 * script opened the form.
 */
export interface FormProtocol {
  /** The frame asks for the post its tab's content script registered (once). */
  formOpen(data?: undefined): Result<FormView>;
  /** Save the form (draft, or submit when the frame saw a real, visible click). */
  formSave(data: z.input<typeof FormSaveRequestSchema>): Result<CaptureRef>;
  /** Close without saving (Cancel, Escape). */
  formClose(data: z.input<typeof FormCloseRequestSchema>): Result<null>;
}

/** Messages from the background to a tab's content script. */
export interface TabProtocol {
  /** The form frame closed; `saved` says what was stored, if anything (never the outcome). */
  formClosed(data: { form: string; saved: CaptureRef | null }): Result<null>;
}

/** What the test delivery of the options page found, in words a person understands. */
export interface EndpointTestResult {
  status: number;
  ok: boolean;
  /** e.g. "delivered (200)", "credentials refused (401)", "could not connect". */
  summary: string;
  durationMs: number;
  at: string;
  /** The first characters of the response body, secrets removed. */
  excerpt?: string;
}

export type { SyncRunSummary } from './delivery/outbox-run';

/**
 * Messages from the extension's own pages (popup, options). The background refuses them from
 * anywhere else, content scripts included.
 */
export interface PageProtocol {
  /** Deliver what is queued now, ignoring backoff (the user asked). */
  syncNow(data?: undefined): Result<SyncRunSummary>;
  /** The endpoint settings were saved: lift a pause, request nothing else, deliver. */
  endpointSaved(data?: undefined): Result<SyncRunSummary>;
  /** Captures changed in a page (submitted, deleted): refresh the badge, deliver what is due. */
  capturesChanged(data?: undefined): Result<null>;
  /** Send a test event to the saved endpoint. */
  testEndpoint(data?: undefined): Result<EndpointTestResult>;
}

/** A compile error unless both sets of keys are the same. */
type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : never
  : never;
/** Every message type has a schema, and every schema a message type. */
const _protocolsMatchSchemas: [
  SameKeys<ContentProtocol, typeof CONTENT_REQUEST_SCHEMAS>,
  SameKeys<PageProtocol, typeof PAGE_REQUEST_SCHEMAS>,
  SameKeys<FormProtocol, typeof FORM_REQUEST_SCHEMAS>,
] = [true, true, true];

/** Every message of the extension, content and page alike, through one messenger. */
export type ExtensionProtocol = ContentProtocol & PageProtocol & FormProtocol & TabProtocol;

export const messaging = defineExtensionMessaging<ExtensionProtocol>({
  // The library logs every message by default; post texts have no place in a site's console.
  logger: { debug() {}, log() {}, warn() {}, error() {} },
});

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
  CaptureForPostRequestSchema,
  CONTENT_REQUEST_SCHEMAS,
  FlagStatesRequestSchema,
  PAGE_REQUEST_SCHEMAS,
  SaveCaptureRequestSchema,
} from './message-schemas';
import type { Result } from './result';

export type SaveCaptureRequest = z.input<typeof SaveCaptureRequestSchema>;

/** What a page may learn about an existing capture of a post it shows: enough to edit it. */
export interface CaptureSummary {
  id: string;
  status: Capture['status'];
  revision: number;
  outcome: Capture['outcome'];
  /** In a saveCapture reply: whether an endpoint is set to deliver to (no secret: a yes or no). */
  endpointSet?: boolean;
}

export interface ContentProtocol {
  /** Create or edit the capture of a post. */
  saveCapture(data: SaveCaptureRequest): Result<CaptureSummary>;
  /** Which of these posts already have a capture (for the flags' `data-state`). */
  flagStates(data: z.input<typeof FlagStatesRequestSchema>): Result<string[]>;
  /** The capture of one post, to open it for editing instead of creating a duplicate. */
  captureForPost(data: z.input<typeof CaptureForPostRequestSchema>): Result<CaptureSummary | null>;
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
] = [true, true];

/** Every message of the extension, content and page alike, through one messenger. */
export type ExtensionProtocol = ContentProtocol & PageProtocol;

export const messaging = defineExtensionMessaging<ExtensionProtocol>({
  // The library logs every message by default; post texts have no place in a site's console.
  logger: { debug() {}, log() {}, warn() {}, error() {} },
});

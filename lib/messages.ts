/**
 * The contracts between the extension's contexts, one per direction: ContentProtocol (content
 * script → background) and PageProtocol (popup and options → background). Each side sends through
 * its own messenger (lib/messaging/content.ts, lib/messaging/page.ts), which knows its protocol
 * only. The Zod schemas of the data are in lib/message-schemas.ts (kept apart so the content
 * script does not carry Zod; this module imports their types only); the background parses each
 * message with them before acting, because a compromised page context could send anything a
 * content script can.
 *
 * Replies are always `Result` values (`{ok: true, value} | {ok: false, error}`), never thrown.
 */
import type { z } from 'zod';
import type { Capture } from './capture';
import type { SyncRunSummary } from './delivery/outbox-run';
import type { EndpointIssue } from './delivery/endpoint-config';
import type { EndpointSummary } from './endpoint-settings';
import type { ImportSummary } from './import/import-export';
import type {
  CaptureForPostRequestSchema,
  CONTENT_REQUEST_SCHEMAS,
  FlagStatesRequestSchema,
  PAGE_REQUEST_SCHEMAS,
  SaveCaptureRequestSchema,
} from './message-schemas';
import type { Result } from './result';
import type { LayoutDiagnostic, LayoutProblem } from './sites/layout-health';

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
  /** This tab's page looks unrecognised (lib/sites/layout-health.ts): counts only, no content. */
  layoutReport(data: LayoutReport): Result<null>;
}

/** A layout problem as a content script reports it. */
export interface LayoutReport {
  problem: LayoutProblem;
  diagnostic: LayoutDiagnostic;
}

/** What the popup shows for its tab: the problem, and the diagnostic as the text to copy. */
export interface LayoutStatus {
  problem: LayoutProblem;
  text: string;
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

/** What the background answers to saved settings: the sections it wrote, and why not the others. */
export interface SaveSettingsReply {
  saved: ('identity' | 'privacy' | 'endpoint')[];
  /** The endpoint as saved now, when it was (its secrets only say whether they are set). */
  endpoint?: EndpointSummary;
  /** Why the endpoint was refused, field by field, when it was. */
  endpointIssues?: EndpointIssue[];
  /**
   * Why the identity was refused by the organisation's rules (email domain, list of teams), by
   * the test id of the field, when it was.
   */
  identityErrors?: Record<string, string>;
}

type PageRequest<K extends keyof typeof PAGE_REQUEST_SCHEMAS> = z.input<
  (typeof PAGE_REQUEST_SCHEMAS)[K]
>;

/**
 * Messages from the extension's own pages (popup, options). The background refuses them from
 * anywhere else, content scripts included. Every change to captures and settings is one of these:
 * the background is the only writer, and the pages read the database through live queries.
 */
export interface PageProtocol {
  /** Deliver what is queued now, ignoring backoff (the user asked). */
  syncNow(data?: undefined): Result<SyncRunSummary>;
  /** Send a test event to the saved endpoint. */
  testEndpoint(data?: undefined): Result<EndpointTestResult>;
  /** Queue a draft or a failed capture (submit, retry). */
  submitCapture(data: PageRequest<'submitCapture'>): Result<CaptureSummary>;
  withdrawCapture(data: PageRequest<'withdrawCapture'>): Result<CaptureSummary>;
  /** Delete a capture from this browser; the reply is the capture as it was, for an undo. */
  deleteCapture(data: PageRequest<'deleteCapture'>): Result<Capture>;
  /** Undo a delete: the capture comes back exactly as it was. */
  restoreCapture(data: PageRequest<'restoreCapture'>): Result<CaptureSummary>;
  /** The popup's edit form. */
  editCapture(data: PageRequest<'editCapture'>): Result<CaptureSummary>;
  /** Queue every draft; the reply is how many. */
  submitAllDrafts(data?: undefined): Result<number>;
  /** Save the sections of the settings form that the page checked. */
  saveSettings(data: PageRequest<'saveSettings'>): Result<SaveSettingsReply>;
  /** Import the text of a JSON export, all or nothing. */
  importExport(data: PageRequest<'importExport'>): Result<ImportSummary>;
  /** Delete every capture, the sync log, the endpoint and the settings of this browser. */
  deleteAllData(data?: undefined): Result<null>;
  /** Turn the site adapters' debug log on or off (options page, Advanced). */
  setDebugLog(data: PageRequest<'setDebugLog'>): Result<null>;
  /** The last layout problem a content script reported in this tab, if any since it loaded. */
  layoutStatus(data: PageRequest<'layoutStatus'>): Result<LayoutStatus | null>;
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

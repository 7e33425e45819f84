/**
 * The contracts between the extension's contexts, one per direction: ContentProtocol (content
 * script → background), PageProtocol (popup and options → background), FormProtocol (the in-page
 * form frame → background) and TabProtocol (background → a tab's content script). Each side sends
 * through its own messenger (lib/messaging/*.ts), which knows its protocol only. The Zod schemas of the data are in lib/message-schemas.ts (kept apart so the content
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
import type { FollowupSettings } from './followup/settings';
import type { ImportSummary } from './import/import-export';
import type { CheckSummary } from './recognition/check';
import type {
  CONTENT_REQUEST_SCHEMAS,
  FlagStatesRequestSchema,
  FORM_REQUEST_SCHEMAS,
  FormCloseRequestSchema,
  FormSaveRequestSchema,
  LoadReaderRequestSchema,
  OpenFormRequestSchema,
  PAGE_REQUEST_SCHEMAS,
} from './message-schemas';
import type { Result } from './result';
import type { LayoutDiagnostic, LayoutProblem } from './sites/layout-health';

/**
 * What the extension's own pages (popup) learn about a capture they changed: enough to edit it.
 * Never sent to a content script (see CaptureRef).
 */
export interface CaptureSummary {
  id: string;
  status: Capture['status'];
  revision: number;
  outcome: Capture['outcome'];
}

/**
 * All a content script ever learns of a stored capture: which one and in what state. Outcomes
 * (note, CRM reference, value) never cross into a site's renderer, where a compromised page
 * process could read them.
 */
export interface CaptureRef {
  id: string;
  status: Capture['status'];
  /**
   * After a save: whether an endpoint (the employee's or the organisation's) is set to deliver to,
   * so the page says what is true of a submission. A yes or no, never the endpoint.
   */
  endpointSet?: boolean;
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
  /** This tab's page looks unrecognised (lib/sites/layout-health.ts): counts only, no content. */
  layoutReport(data: LayoutReport): Result<null>;
  /**
   * Put the post reader (lib/sites/reader.ts) into the sender's frame, in the content script's
   * own world; the reply comes once it is there.
   */
  loadReader(data: z.input<typeof LoadReaderRequestSchema>): Result<null>;
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
 * Messages of the form frame (entrypoints/capture-frame, lib/messaging/form.ts): an extension
 * page inside a site's tab. The background accepts them only from that page of this extension,
 * in the tab whose content script opened the form.
 */
export interface FormProtocol {
  /** The frame asks for the post its tab's content script registered (once). */
  formOpen(data?: undefined): Result<FormView>;
  /** Save the form (draft, or submit when the frame saw a real, visible click). */
  formSave(data: z.input<typeof FormSaveRequestSchema>): Result<CaptureRef>;
  /** Close without saving (Cancel, Escape). */
  formClose(data: z.input<typeof FormCloseRequestSchema>): Result<null>;
}

/** Messages from the background to a tab's content script (lib/messaging/tab.ts). */
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
  /** The popup opened: ask the v1.1 status URLs that are due, refresh the badge. */
  popupOpened(data?: undefined): Result<CheckSummary>;
  /** "Any news?": move a capture to another stage in one step (a new revision, queued). */
  setFollowupStage(data: PageRequest<'setFollowupStage'>): Result<CaptureSummary>;
  /** "Any news?": ask again about this capture in two weeks; the reply is until when. */
  snoozeFollowup(data: PageRequest<'snoozeFollowup'>): Result<string>;
  /** The options page's follow-up settings (days, badge). */
  saveFollowupSettings(data: PageRequest<'saveFollowupSettings'>): Result<FollowupSettings>;
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
  SameKeys<FormProtocol, typeof FORM_REQUEST_SCHEMAS>,
] = [true, true, true];

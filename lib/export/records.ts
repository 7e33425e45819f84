/**
 * One capture and one sync log entry as every export format writes them (shared design:
 * recognition-endpoint.md, "Export format"), and the schemas an import checks them against.
 */
import { z } from 'zod';
import { CaptureSchema, type Capture, type CaptureData } from '../capture';
import { redactSecrets, secretValues, type EndpointConfig } from '../delivery/endpoint-config';
import { SyncLogEntrySchema, type SyncLogEntry } from '../sync-log';

export const EXPORT_FORMAT = 'sourced-export';
export const EXPORT_VERSION = 1;

/**
 * The contract's capture: the delivered `data` object plus `status`, `attempts`, `lastError`,
 * `deliveredAt` and `receipt`. The five local fields after them are not in the contract; an export
 * keeps them because it is also a backup: without `intent` a queued withdrawal would come back as
 * a submission, without `deliveredRevision` an edit after import would reuse a delivered event id
 * (which the endpoint would de-duplicate away), `postKey` ties the capture to its post's flag,
 * `updatedAt` decides between two copies of one revision, and `nextAttemptAt` keeps a backoff.
 * None of them is a secret. Receivers that know only the contract ignore them.
 */
export type ExportCapture = CaptureData &
  Pick<
    Capture,
    | 'status'
    | 'attempts'
    | 'lastError'
    | 'deliveredAt'
    | 'receipt'
    | 'intent'
    | 'deliveredRevision'
    | 'nextAttemptAt'
    | 'updatedAt'
    | 'postKey'
  >;

/** A sync log entry without its `seq`: a row number of this browser's database, not data. */
export type ExportSyncLogEntry = Omit<SyncLogEntry, 'seq'>;

/**
 * Removes endpoint secrets from the free text an export carries (error messages, logged URLs).
 * The delivery code already redacts what it stores; this is the second lock on the same door.
 */
export interface ExportRedactor {
  text(value: string): string;
  /** A logged URL: the endpoint URL itself stays readable, secret parts of it do not. */
  url(value: string): string;
}

export function exportRedactor(config: EndpointConfig | undefined): ExportRedactor {
  if (!config) return { text: (v) => v, url: (v) => v };
  const secrets = secretValues(config);
  let whole = new Set([config.url]);
  try {
    const url = new URL(config.url);
    whole = new Set([config.url, url.href, `${url.protocol}//${url.host}${url.pathname}`]);
  } catch {
    // An unparsable saved URL: redact it everywhere, the log's URL field included.
  }
  // secretValues lists the whole endpoint URL (Slack and Teams URLs are keys): in the log's URL
  // field, which holds the URL already stripped of query and key segments, it would blank the
  // very thing the field is for.
  const urlSecrets = secrets.filter((s) => !whole.has(s));
  return {
    text: (v) => redactSecrets(v, secrets),
    url: (v) => redactSecrets(v, urlSecrets),
  };
}

/**
 * The `data` part is what `toCaptureData` delivers, copied field by field instead of re-parsing
 * every capture: the store parsed each record when it wrote it, re-validating 100,000 of them
 * would dominate the export's time, and an export must not fail on one stored record that an
 * older version let through. Undefined values vanish when the record is serialised, as
 * toCaptureData drops them. tests/unit/export-stream.test.ts checks that the keys, their order
 * and their values match toCaptureData, so a field added to the contract cannot be forgotten.
 */
export function toExportCapture(c: Capture, redact: ExportRedactor): ExportCapture {
  return {
    id: c.id,
    revision: c.revision,
    platform: c.platform,
    post: c.post,
    outcome: c.outcome,
    employee: c.employee,
    capturedAt: c.capturedAt,
    submittedAt: c.submittedAt,
    client: c.client,
    status: c.status,
    attempts: c.attempts,
    lastError: c.lastError === undefined ? undefined : redact.text(c.lastError),
    deliveredAt: c.deliveredAt,
    receipt: c.receipt,
    intent: c.intent,
    deliveredRevision: c.deliveredRevision,
    nextAttemptAt: c.nextAttemptAt,
    updatedAt: c.updatedAt,
    postKey: c.postKey,
  };
}

export function toExportSyncLog(entry: SyncLogEntry, redact: ExportRedactor): ExportSyncLogEntry {
  return {
    at: entry.at,
    captureId: entry.captureId,
    eventId: entry.eventId,
    url: redact.url(entry.url),
    status: entry.status,
    result: entry.result,
    durationMs: entry.durationMs,
    error: entry.error === undefined ? undefined : redact.text(entry.error),
  };
}

/**
 * A capture as an import reads it. The local fields are optional so that an export written to
 * the contract alone (by another tool) still imports; each gets the value the extension would
 * have given it.
 */
export const ImportedCaptureSchema = CaptureSchema.extend({
  intent: CaptureSchema.shape.intent.optional(),
  updatedAt: CaptureSchema.shape.updatedAt.optional(),
  postKey: CaptureSchema.shape.postKey.optional(),
}).transform((c): Capture => ({
  ...c,
  intent: c.intent ?? (c.status === 'withdrawn' ? 'withdraw' : 'submit'),
  updatedAt: c.updatedAt ?? c.deliveredAt ?? c.submittedAt ?? c.capturedAt,
  postKey: c.postKey ?? c.post.id ?? c.post.url,
  // A delivered capture was accepted at its revision: an edit after import needs a new one.
  deliveredRevision: c.deliveredRevision ?? (c.deliveredAt ? c.revision : undefined),
}));

export const ImportedSyncLogEntrySchema = SyncLogEntrySchema.omit({ seq: true });

export const ExportEnvelopeSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  client: z.object({ name: z.string().max(40), version: z.string().max(40) }),
  captures: z.array(ImportedCaptureSchema),
  syncLog: z.array(ImportedSyncLogEntrySchema).default([]),
});
export type ParsedExport = z.output<typeof ExportEnvelopeSchema>;

/** What each export format does with the records a streamed export hands it, chunk by chunk. */
import type { ExportCapture, ExportSyncLogEntry } from './records';

export interface ExportMeta {
  exportedAt: string;
  client: { name: 'sourced'; version: string };
}

/**
 * A format turns pages of records into text. The driver calls, in order: `header`, `captures`
 * for each page, `middle`, `syncLog` for each page (only when `includesSyncLog`), `footer`.
 * Writers hold only the state they need for separators, never the records.
 */
export interface ExportWriter {
  readonly includesSyncLog: boolean;
  header(meta: ExportMeta): string;
  captures(records: readonly ExportCapture[]): string;
  middle(): string;
  syncLog(records: readonly ExportSyncLogEntry[]): string;
  footer(): string;
}

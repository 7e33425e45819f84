/**
 * A streamed export: pages of records go through a format's writer into a sink, one page at a
 * time, with progress after each page. Nothing holds the whole data set: the page being written
 * and the writer's separators are all the memory an export needs beyond what the sink keeps.
 */
import type { SourcedDatabase } from '../db/database';
import { effectiveEndpoint } from '../settings/effective';
import { csvWriter } from './csv';
import { jsonWriter } from './json';
import { ndjsonWriter } from './ndjson';
import {
  capturePages,
  countExport,
  DEFAULT_PAGE_SIZE,
  syncLogPages,
  type ExportFilter,
} from './pages';
import { exportRedactor, toExportCapture, toExportSyncLog } from './records';
import type { ExportWriter } from './writer';

export const EXPORT_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const WRITERS: Record<ExportFormat, () => ExportWriter> = {
  json: jsonWriter,
  csv: csvWriter,
  ndjson: ndjsonWriter,
};

/** Where the text goes: a list of Blobs in a page, a file in the benchmark, a string in tests. */
export interface ExportSink {
  write(chunk: string): void | Promise<void>;
}

export interface ExportProgress {
  /** Records written so far (captures, then sync log entries). */
  done: number;
  total: number;
}

export interface ExportOptions {
  clientVersion: string;
  filter?: ExportFilter;
  pageSize?: number;
  now?: Date;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

export interface ExportCounts {
  captures: number;
  syncLog: number;
}

export async function runExport(
  db: SourcedDatabase,
  format: ExportFormat,
  sink: ExportSink,
  options: ExportOptions,
): Promise<ExportCounts> {
  const writer = WRITERS[format]();
  const filter = options.filter ?? {};
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // The export never reads a secret into the file, but it removes any that a bug let into an
  // error message or a logged URL (secretValues of the endpoint in effect, the policy's included).
  const redact = exportRedactor((await effectiveEndpoint(db))?.config);
  const expected = await countExport(db, filter, writer.includesSyncLog);
  const progress: ExportProgress = { done: 0, total: expected.captures + expected.syncLog };
  const counts: ExportCounts = { captures: 0, syncLog: 0 };
  const report = (written: number) => {
    progress.done += written;
    // Records added while the export runs can push `done` past the count taken at the start.
    progress.total = Math.max(progress.total, progress.done);
    options.onProgress?.({ ...progress });
  };
  options.signal?.throwIfAborted();
  options.onProgress?.({ ...progress });

  await sink.write(
    writer.header({
      exportedAt: (options.now ?? new Date()).toISOString(),
      client: { name: 'sourced', version: options.clientVersion },
    }),
  );
  for await (const page of capturePages(db, filter, pageSize)) {
    options.signal?.throwIfAborted();
    await sink.write(writer.captures(page.map((c) => toExportCapture(c, redact))));
    counts.captures += page.length;
    report(page.length);
  }
  await sink.write(writer.middle());
  if (writer.includesSyncLog) {
    for await (const page of syncLogPages(db, filter, pageSize)) {
      options.signal?.throwIfAborted();
      await sink.write(writer.syncLog(page.map((e) => toExportSyncLog(e, redact))));
      counts.syncLog += page.length;
      report(page.length);
    }
  }
  await sink.write(writer.footer());
  return counts;
}

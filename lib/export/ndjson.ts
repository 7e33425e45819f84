/** NDJSON: one object per line, each tagged with `kind` so that a reader can tell them apart. */
import type { ExportWriter } from './writer';

const lines = (kind: 'capture' | 'syncLog', records: readonly object[]) =>
  records.map((r) => JSON.stringify({ kind, ...r }) + '\n').join('');

export function ndjsonWriter(): ExportWriter {
  return {
    includesSyncLog: true,
    header: () => '',
    captures: (records) => lines('capture', records),
    middle: () => '',
    syncLog: (records) => lines('syncLog', records),
    footer: () => '',
  };
}

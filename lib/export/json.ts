/**
 * The JSON export: the versioned envelope of the contract, one record per line so that a large
 * file stays readable in an editor and diffable. Written in pieces, it is still one JSON value.
 */
import { EXPORT_FORMAT, EXPORT_VERSION } from './records';
import type { ExportWriter } from './writer';

export function jsonWriter(): ExportWriter {
  let written = 0;
  const items = (records: readonly unknown[]) => {
    const text = (written > 0 ? ',\n' : '') + records.map((r) => JSON.stringify(r)).join(',\n');
    written += records.length;
    return text;
  };
  return {
    includesSyncLog: true,
    header: (meta) =>
      JSON.stringify({
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: meta.exportedAt,
        client: meta.client,
      }).slice(0, -1) + ',"captures":[\n',
    captures: items,
    middle: () => {
      written = 0;
      return '\n],"syncLog":[\n';
    },
    syncLog: items,
    footer: () => '\n]}\n',
  };
}

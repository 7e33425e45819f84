/** The downloaded file: its name, type, and a sink that builds it without one giant string. */
import type { ExportFormat, ExportSink } from './run-export';

export const EXPORT_MIME: Record<ExportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  ndjson: 'application/x-ndjson',
};

/** `sourced-export-2026-05-20.csv`: the local calendar date, which is what the user calls today. */
export function exportFileName(format: ExportFormat, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `sourced-export-${date}.${format}`;
}

/**
 * Collects each chunk as its own Blob. A Blob's bytes leave the JavaScript heap (Chromium keeps
 * them in the browser process, spilling to disk when large), so the page holds one chunk of text
 * at a time however large the export grows.
 */
export function blobSink(format: ExportFormat): ExportSink & { blob(): Blob } {
  const parts: Blob[] = [];
  return {
    write(chunk) {
      if (chunk) parts.push(new Blob([chunk]));
    },
    blob: () => new Blob(parts, { type: EXPORT_MIME[format] }),
  };
}

/** A sink that keeps the text, for tests and small exports. */
export function stringSink(): ExportSink & { text(): string } {
  const parts: string[] = [];
  return { write: (chunk) => void parts.push(chunk), text: () => parts.join('') };
}

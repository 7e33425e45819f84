/**
 * Export captures and the sync log as JSON, CSV or NDJSON, optionally by date range and status.
 * The file is built in pages with progress (lib/export/run-export.ts), then handed to the
 * browser's downloads.
 */
import { useRef, useState } from 'preact/hooks';
import { CAPTURE_STATUSES, type CaptureStatus } from '../../lib/capture';
import { plainError } from '../../lib/errors';
import { blobSink, exportFileName } from '../../lib/export/file';
import type { ExportFilter } from '../../lib/export/pages';
import { runExport, type ExportFormat, type ExportProgress } from '../../lib/export/run-export';
import type { OptionsServices } from './services';

const BUTTONS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'json', label: 'JSON', hint: 'everything, and what Import reads' },
  { format: 'csv', label: 'CSV', hint: 'one row per capture, for spreadsheets' },
  { format: 'ndjson', label: 'NDJSON', hint: 'one record per line, for scripts' },
];

/** `YYYY-MM-DD` from a date input as the start of that day here, as an ISO time. */
export function startOfLocalDay(date: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(day.getTime()) ? undefined : day.toISOString();
}

/** The filter for the chosen days (both inclusive) and status. */
export function exportFilter(from: string, to: string, status: string): ExportFilter {
  return {
    from: startOfLocalDay(from),
    to: startOfLocalDay(to, 1),
    statuses: (CAPTURE_STATUSES as readonly string[]).includes(status)
      ? [status as CaptureStatus]
      : undefined,
  };
}

type State =
  | { kind: 'idle' }
  | { kind: 'running'; format: ExportFormat; progress: ExportProgress }
  | { kind: 'done'; text: string }
  | { kind: 'error'; text: string };

export function ExportPanel({ services }: { services: OptionsServices }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState('all');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  async function exportAs(format: ExportFormat) {
    if (from && to && from > to) {
      setState({ kind: 'error', text: 'The start date is after the end date.' });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    const now = new Date();
    const sink = blobSink(format);
    setState({ kind: 'running', format, progress: { done: 0, total: 0 } });
    try {
      const counts = await runExport(services.db, format, sink, {
        clientVersion: services.clientVersion,
        filter: exportFilter(from, to, status),
        now,
        signal: controller.signal,
        onProgress: (progress) => setState({ kind: 'running', format, progress }),
      });
      const name = exportFileName(format, now);
      services.download(sink.blob(), name);
      const log =
        format === 'csv' ? '' : ` and ${counts.syncLog.toLocaleString()} sync log entries`;
      setState({
        kind: 'done',
        text: `Exported ${counts.captures.toLocaleString()} captures${log} to ${name}.`,
      });
    } catch (error) {
      setState(
        controller.signal.aborted
          ? { kind: 'idle' }
          : { kind: 'error', text: `The export failed: ${plainError(error)}` },
      );
    } finally {
      abort.current = null;
    }
  }

  const running = state.kind === 'running';
  return (
    <section class="card" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p class="muted">
        Your captures and the sync log, for a spreadsheet, a backup or a move to another browser.
        Tokens and secrets are never exported.
      </p>
      <div class="option-filters">
        <label>
          From
          <input
            type="date"
            data-testid="export-from"
            value={from}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label>
          To
          <input
            type="date"
            data-testid="export-to"
            value={to}
            onInput={(e) => setTo(e.currentTarget.value)}
          />
        </label>
        <label>
          Status
          <select
            data-testid="export-status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
          >
            <option value="all">All statuses</option>
            {CAPTURE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="hint">
        The dates filter captures by when they were made, and the sync log by when deliveries were
        tried; the status filters captures only.
      </p>
      <div class="export-buttons">
        {BUTTONS.map((button) => (
          <button
            type="button"
            key={button.format}
            data-testid={`export-${button.format}`}
            title={button.hint}
            disabled={running}
            onClick={() => void exportAs(button.format)}
          >
            Export {button.label}
          </button>
        ))}
      </div>
      {state.kind === 'running' ? (
        <div class="export-progress" role="status">
          <progress
            data-testid="export-progress"
            value={state.progress.done}
            max={Math.max(state.progress.total, 1)}
          />
          <span>
            {state.progress.done.toLocaleString()} of {state.progress.total.toLocaleString()}{' '}
            records…
          </span>
          <button type="button" data-testid="export-cancel" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : state.kind === 'done' ? (
        <p class="saved" role="status" data-testid="export-result">
          {state.text}
        </p>
      ) : state.kind === 'error' ? (
        <p class="error" role="alert" data-testid="export-result">
          {state.text}
        </p>
      ) : null}
    </section>
  );
}

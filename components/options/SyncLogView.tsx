/** Every delivery attempt, newest first, with filters: what was sent where, and what came back. */
import { useState } from 'preact/hooks';
import type { SourcedDatabase } from '../../lib/db/database';
import { recentSyncLog } from '../../lib/db/sync-log-query';
import { SYNC_RESULTS, type SyncLogEntry } from '../../lib/sync-log';
import { useLiveQuery } from '../use-live-query';

const PAGE = 50;

const RESULT_LABELS: Record<SyncLogEntry['result'], string> = {
  delivered: 'Delivered',
  retry: 'Will retry',
  rejected: 'Rejected',
  paused: 'Paused',
  gone: 'Endpoint gone',
  test: 'Test',
};

export function SyncLogView({ db }: { db: SourcedDatabase }) {
  const [result, setResult] = useState('all');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const { value: entries, error } = useLiveQuery(
    // One more than shown, to know whether "Show more" has anything to show.
    () => recentSyncLog(db, result, search, limit + 1),
    [db, result, search, limit],
  );

  return (
    <section class="card" aria-labelledby="sync-log-title">
      <h2 id="sync-log-title">Sync log</h2>
      <p class="muted">Every delivery attempt, newest first. URLs are shown without their keys.</p>
      <div class="option-filters">
        <label>
          Result
          <select
            data-testid="sync-log-filter"
            value={result}
            onChange={(e) => {
              setResult(e.currentTarget.value);
              setLimit(PAGE);
            }}
          >
            <option value="all">All attempts</option>
            <option value="failures">Problems only</option>
            {SYNC_RESULTS.map((r) => (
              <option key={r} value={r}>
                {RESULT_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input
            type="search"
            data-testid="sync-log-search"
            placeholder="capture id, event id, error…"
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setLimit(PAGE);
            }}
          />
        </label>
      </div>
      {error ? (
        <p class="error" role="alert">
          The sync log cannot be read right now.
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="sync-log" data-testid="sync-log">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Result</th>
              <th scope="col">HTTP</th>
              <th scope="col">Event</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries?.slice(0, limit).map((entry) => (
              <tr key={entry.seq} data-testid="sync-log-row" data-result={entry.result}>
                <td>
                  <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
                </td>
                <td class={`result-${entry.result}`}>{RESULT_LABELS[entry.result]}</td>
                <td>{entry.status === 0 ? '—' : entry.status}</td>
                <td class="mono">{entry.eventId}</td>
                <td>
                  <span class="mono">{entry.url}</span> · {Math.round(entry.durationMs)} ms
                  {entry.error ? <div class="log-error">{entry.error}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries && entries.length === 0 ? (
        <p class="empty">
          {result === 'all' && !search ? 'No delivery attempts yet.' : 'No attempt matches.'}
        </p>
      ) : null}
      {entries && entries.length > limit ? (
        <button type="button" data-testid="sync-log-more" onClick={() => setLimit(limit + PAGE)}>
          Show older attempts
        </button>
      ) : null}
    </section>
  );
}

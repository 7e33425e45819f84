/** Every delivery attempt, newest first, with filters: what was sent where, and what came back. */
import { useState } from 'preact/hooks';
import type { Capture } from '../../lib/capture';
import type { SourcedDatabase } from '../../lib/db/database';
import { clip, platformLabel } from '../../lib/format';
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

/** Which capture an attempt was about, as a person knows it: its author and post. */
function CaptureName({ entry, capture }: { entry: SyncLogEntry; capture?: Capture }) {
  if (entry.result === 'test' && !entry.captureId) return <span>Test event</span>;
  if (!capture) return <span class="muted">A capture no longer in this browser</span>;
  const author = capture.post.author.name ?? capture.post.author.handle ?? 'Unknown author';
  return (
    <span>
      {author}&rsquo;s {platformLabel(capture.platform)} post
      {capture.post.excerpt ? <span class="muted"> “{clip(capture.post.excerpt, 60)}”</span> : null}
    </span>
  );
}

export function SyncLogView({ db }: { db: SourcedDatabase }) {
  const [result, setResult] = useState('all');
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const { value, error } = useLiveQuery(
    // One more than shown, to know whether "Show more" has anything to show; with the captures
    // they were about, to name them by author and post rather than by event id.
    async () => {
      const entries = await recentSyncLog(db, result, search, limit + 1);
      const ids = [...new Set(entries.flatMap((e) => (e.captureId ? [e.captureId] : [])))];
      const found = await db.captures.bulkGet(ids);
      const captures = new Map(found.flatMap((c) => (c ? [[c.id, c] as const] : [])));
      return { entries, captures };
    },
    [db, result, search, limit],
  );
  const entries = value?.entries;

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
            placeholder="author, post, event id, error…"
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
              <th scope="col">Capture</th>
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
                <td>
                  <CaptureName
                    entry={entry}
                    capture={entry.captureId ? value?.captures.get(entry.captureId) : undefined}
                  />
                  <details class="event-id">
                    <summary>Event id</summary>
                    <span class="mono">{entry.eventId}</span>
                  </details>
                </td>
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

/** SQLite storage: one file, no set-up; the default for a single receiver. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CaptureDataSchema } from '../../lib/capture';
import {
  DEFAULT_WINS_LIMIT,
  MAX_REVISION_STEP,
  happenedOn,
  ownerOf,
  type CaptureStore,
  type IncomingEvent,
  type ReceiveResult,
  type StoredCapture,
  type WinsFilter,
} from './types';
import {
  toWins,
  winRowOf,
  winsQuery,
  type DecisionInput,
  type ReviewColumns,
  type WinRow,
} from './recognition';
import { winsWhere } from './wins-query';

export const MIGRATIONS = [
  `CREATE TABLE sourced_events (
     key TEXT PRIMARY KEY,
     body_sha256 TEXT NOT NULL,
     capture_id TEXT NOT NULL,
     type TEXT NOT NULL,
     received_at TEXT NOT NULL
   );
   CREATE TABLE sourced_captures (
     id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     withdrawn INTEGER NOT NULL,
     team TEXT,
     outcome_type TEXT NOT NULL,
     stage TEXT NOT NULL,
     happened_on TEXT NOT NULL,
     received_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     first_event TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX sourced_captures_wall ON sourced_captures (withdrawn, happened_on);`,
  // The employee a capture id is bound to. Rows stored before this migration take the email of
  // the revision they hold, the best that is known of their first one.
  `ALTER TABLE sourced_captures ADD COLUMN owner TEXT NOT NULL DEFAULT '';
   UPDATE sourced_captures SET owner = lower(coalesce(json_extract(data, '$.employee.email'), ''));
   CREATE INDEX sourced_captures_order
     ON sourced_captures (withdrawn, happened_on DESC, received_at DESC, id DESC);`,
  // 3: co-credit and review. The post key is computed by the database from the stored JSON, so
  // existing rows get it too and the delivery path stays as it was (mirrors postKey()).
  `ALTER TABLE sourced_captures ADD COLUMN post_key TEXT GENERATED ALWAYS AS (
     CASE WHEN COALESCE(json_extract(data, '$.post.id'), '') <> ''
       THEN json_extract(data, '$.platform') || ':' || json_extract(data, '$.post.id')
       ELSE 'url:' || json_extract(data, '$.post.url') END) VIRTUAL;
   CREATE INDEX sourced_captures_post ON sourced_captures (post_key);
   CREATE TABLE sourced_reviews (
     capture_id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('confirmed', 'declined')),
     reviewer TEXT,
     comment TEXT,
     decided_at TEXT NOT NULL
   );`,
];

interface Pending {
  event: IncomingEvent;
  resolve: (result: ReceiveResult) => void;
  reject: (error: unknown) => void;
}

interface CaptureRow {
  data: string;
  withdrawn: number;
  happened_on: string;
  received_at: string;
  updated_at: string;
}

type WinDbRow = CaptureRow & ReviewColumns;

const toWinRow = (row: WinDbRow): WinRow => winRowOf(row, toStored(row));

function toStored(row: CaptureRow): StoredCapture {
  return {
    data: CaptureDataSchema.parse(JSON.parse(row.data)),
    withdrawn: row.withdrawn === 1,
    happenedOn: row.happened_on,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

/** Opens (and creates or migrates) the database at `file`; `:memory:` for a throwaway one. */
export function openSqliteStore(file: string): CaptureStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // WAL lets the wall page read while captures are written; NORMAL is durable across app crashes.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const findEvent = db.prepare<[string], { body_sha256: string; capture_id: string }>(
    'SELECT body_sha256, capture_id FROM sourced_events WHERE key = ?',
  );
  const findCapture = db.prepare<[string], { revision: number; owner: string }>(
    'SELECT revision, owner FROM sourced_captures WHERE id = ?',
  );
  const insertEvent = db.prepare(
    `INSERT INTO sourced_events (key, body_sha256, capture_id, type, received_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
  );
  // The upsert's WHERE keeps a newer revision: a late retry of an older one changes nothing and
  // returns no row. `first_event` is set on insert only, so it names this event when it created
  // the row.
  const upsertCapture = db.prepare<unknown[], { created: number }>(
    `INSERT INTO sourced_captures (id, revision, withdrawn, team, outcome_type, stage, happened_on,
       received_at, updated_at, first_event, owner, data)
     VALUES (@id, @revision, @withdrawn, @team, @outcomeType, @stage, @happenedOn, @at, @at, @key,
       @owner, @data)
     ON CONFLICT (id) DO UPDATE SET
       revision = excluded.revision, withdrawn = excluded.withdrawn, team = excluded.team,
       outcome_type = excluded.outcome_type, stage = excluded.stage,
       happened_on = excluded.happened_on, updated_at = excluded.updated_at, data = excluded.data
     WHERE sourced_captures.revision < excluded.revision AND sourced_captures.owner = excluded.owner
     RETURNING first_event = @key AS created`,
  );
  const getCapture = db.prepare<[string], CaptureRow>(
    'SELECT data, withdrawn, happened_on, received_at, updated_at FROM sourced_captures WHERE id = ?',
  );
  const listTeams = db.prepare<[], { team: string }>(
    'SELECT DISTINCT team FROM sourced_captures WHERE withdrawn = 0 AND team IS NOT NULL ORDER BY team',
  );

  // INSERT … SELECT writes nothing when the capture has moved on to another revision meanwhile.
  const upsertReview = db.prepare(
    `INSERT INTO sourced_reviews (capture_id, revision, state, reviewer, comment, decided_at)
     SELECT id, revision, @state, @by, @comment, @at FROM sourced_captures
     WHERE id = @id AND revision = @revision AND withdrawn = FALSE
     ON CONFLICT (capture_id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
       reviewer = excluded.reviewer, comment = excluded.comment, decided_at = excluded.decided_at`,
  );
  const decideAll = db.transaction((decisions: readonly DecisionInput[]) =>
    decisions
      .filter(
        (d) =>
          upsertReview.run({
            id: d.captureId,
            revision: d.revision,
            state: d.state,
            by: d.by ?? null,
            comment: d.comment ?? null,
            at: d.at.toISOString(),
          }).changes > 0,
      )
      .map((d) => d.captureId),
  );

  const receiveOne = db.transaction((event: IncomingEvent): ReceiveResult => {
    const { data } = event;
    const at = event.receivedAt.toISOString();
    const owner = ownerOf(data);
    // Checked before the key is recorded: a refused event must not claim its id.
    const current = findCapture.get(data.id);
    if (current && current.owner !== owner)
      return { outcome: 'other-employee', captureId: data.id };
    const storedRevision = current?.revision ?? 0;
    if (data.revision > storedRevision + MAX_REVISION_STEP) {
      return { outcome: 'revision-jump', captureId: data.id, storedRevision };
    }
    if (insertEvent.run(event.key, event.bodySha256, data.id, event.type, at).changes === 0) {
      const seen = findEvent.get(event.key)!;
      const outcome = seen.body_sha256 === event.bodySha256 ? 'duplicate' : 'conflict';
      return { outcome, captureId: seen.capture_id };
    }
    const withdrawn = event.type === 'capture.withdrawn';
    const changed = upsertCapture.get({
      id: data.id,
      key: event.key,
      revision: data.revision,
      withdrawn: withdrawn ? 1 : 0,
      team: data.employee.team ?? null,
      outcomeType: data.outcome.type,
      stage: data.outcome.stage,
      happenedOn: happenedOn(data),
      at,
      owner,
      data: JSON.stringify(data),
    });
    if (!changed) return { outcome: 'stale', captureId: data.id };
    if (withdrawn) return { outcome: 'withdrawn', captureId: data.id };
    return { outcome: changed.created ? 'created' : 'updated', captureId: data.id };
  });

  // Group commit: deliveries that arrive in the same turn of the event loop share one
  // transaction, so one commit (the expensive part) serves many. Each keeps its own savepoint
  // (better-sqlite3 nests transactions that way): one that fails rolls back alone. Answers go out
  // only after the commit, as before.
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      // Alone, it needs no savepoint: its own transaction.
      const [{ event, resolve, reject }] = batch as [Pending];
      try {
        resolve(receiveOne.immediate(event));
      } catch (error) {
        reject(error);
      }
      return;
    }
    const results: (ReceiveResult | Error)[] = [];
    try {
      // IMMEDIATE takes the write lock up front, so two processes on one file never deadlock.
      db.transaction(() => {
        for (const { event } of batch) {
          try {
            results.push(receiveOne(event));
          } catch (error) {
            results.push(error instanceof Error ? error : new Error(String(error)));
          }
        }
      }).immediate();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const result = results[i]!;
      if (result instanceof Error) item.reject(result);
      else item.resolve(result);
    });
  };

  return {
    kind: 'sqlite',
    receive: (event) =>
      new Promise<ReceiveResult>((resolve, reject) => {
        if (queue.push({ event, resolve, reject }) === 1) setImmediate(flush);
      }),
    get: async (id) => {
      const row = getCapture.get(id);
      return row ? toStored(row) : undefined;
    },
    wins: async (filter: WinsFilter) => {
      const { sql, params } = winsWhere(filter, () => '?');
      const rows = db
        .prepare<unknown[], CaptureRow>(
          `SELECT data, withdrawn, happened_on, received_at, updated_at FROM sourced_captures
           WHERE ${sql} ORDER BY happened_on DESC, received_at DESC, id DESC LIMIT ?`,
        )
        .all(...params, filter.limit ?? DEFAULT_WINS_LIMIT);
      return rows.map(toStored);
    },
    teams: async () => listTeams.all().map((row) => row.team),
    recognitionWins: async (query) => {
      const { sql, params } = winsQuery(query, () => '?');
      return toWins(
        db
          .prepare<unknown[], WinDbRow>(sql)
          .all(...params)
          .map(toWinRow),
      );
    },
    decide: async (decisions) => decideAll.immediate(decisions),
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

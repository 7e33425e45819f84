/**
 * PostgreSQL storage, for organisations that run several receivers behind a load balancer: each
 * delivery is one statement, so two receivers given the same event at once store it once.
 */
import pg from 'pg';
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
} from './types';
import { toWins, winRowOf, winsQuery, type ReviewColumns, type WinRow } from './recognition';
import { winsWhere } from './wins-query';

export const MIGRATIONS = [
  `CREATE TABLE sourced_events (
     key TEXT PRIMARY KEY,
     body_sha256 TEXT NOT NULL,
     capture_id TEXT NOT NULL,
     type TEXT NOT NULL,
     received_at TIMESTAMPTZ NOT NULL
   );
   CREATE TABLE sourced_captures (
     id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     withdrawn BOOLEAN NOT NULL,
     team TEXT,
     outcome_type TEXT NOT NULL,
     stage TEXT NOT NULL,
     happened_on TEXT NOT NULL,
     received_at TIMESTAMPTZ NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL,
     data JSONB NOT NULL
   );
   CREATE INDEX sourced_captures_wall ON sourced_captures (withdrawn, happened_on);`,
  // The employee a capture id is bound to. Rows stored before this migration take the email of
  // the revision they hold, the best that is known of their first one.
  // bigint: a revision the schema allows (up to 2^53-1) must be refused as a jump, not fail the
  // statement (the planner folds the cast of a parameter to integer and overflows).
  `ALTER TABLE sourced_captures ADD COLUMN owner TEXT NOT NULL DEFAULT '';
   UPDATE sourced_captures SET owner = lower(coalesce(data->'employee'->>'email', ''));
   ALTER TABLE sourced_captures ALTER COLUMN revision TYPE BIGINT;
   CREATE INDEX sourced_captures_order
     ON sourced_captures (withdrawn, happened_on DESC, received_at DESC, id DESC);`,
  // 3: co-credit and review. The post key is computed by the database from the stored JSON, so
  // existing rows get it too and the delivery statement stays as it was (mirrors postKey()).
  `ALTER TABLE sourced_captures ADD COLUMN post_key TEXT GENERATED ALWAYS AS (
     CASE WHEN COALESCE(data->'post'->>'id', '') <> ''
       THEN (data->>'platform') || ':' || (data->'post'->>'id')
       ELSE 'url:' || (data->'post'->>'url') END) STORED;
   CREATE INDEX sourced_captures_post ON sourced_captures (post_key);
   CREATE TABLE sourced_reviews (
     capture_id TEXT PRIMARY KEY,
     revision INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('confirmed', 'declined')),
     reviewer TEXT,
     comment TEXT,
     decided_at TIMESTAMPTZ NOT NULL
   );`,
];

/** Any number the receivers agree on: it serialises their migrations at start-up. */
const MIGRATION_LOCK = 7_437_063;

// The event is recorded and the capture upserted in one statement. `verdict` refuses, before the
// key is recorded, an event for a capture bound to another employee or a revision too far above
// the stored one (the revision is compared as bigint: 2^53-1 must be refused, not overflow). The
// upsert's WHERE keeps a newer revision of the same owner; `xmax = 0` tells an insert from an
// update. A key seen before inserts nothing (ON CONFLICT waits for a concurrent insert of the same
// key to commit), and the caller then reads the stored hash.
const RECEIVE = `
WITH current AS (
  SELECT revision, owner FROM sourced_captures WHERE id = $3
), verdict AS (
  SELECT CASE
    WHEN (SELECT owner FROM current) <> $13 THEN 'other-employee'
    WHEN $6::bigint > COALESCE((SELECT revision FROM current), 0) + ${MAX_REVISION_STEP}
      THEN 'revision-jump'
    ELSE 'ok' END AS v
), event AS (
  INSERT INTO sourced_events (key, body_sha256, capture_id, type, received_at)
  SELECT $1, $2, $3, $4, $5 FROM verdict WHERE v = 'ok'
  ON CONFLICT (key) DO NOTHING
  RETURNING key
), capture AS (
  INSERT INTO sourced_captures (id, revision, withdrawn, team, outcome_type, stage, happened_on,
    received_at, updated_at, owner, data)
  SELECT $3, $6::bigint, $7, $8, $9, $10, $11, $5, $5, $13, $12 FROM event
  ON CONFLICT (id) DO UPDATE SET
    revision = excluded.revision, withdrawn = excluded.withdrawn, team = excluded.team,
    outcome_type = excluded.outcome_type, stage = excluded.stage,
    happened_on = excluded.happened_on, updated_at = excluded.updated_at, data = excluded.data
  WHERE sourced_captures.revision < excluded.revision AND sourced_captures.owner = excluded.owner
  RETURNING (xmax = 0) AS created
)
SELECT (SELECT count(*) FROM event)::int AS recorded, (SELECT created FROM capture) AS created,
  (SELECT v FROM verdict) AS verdict, (SELECT revision FROM current)::float8 AS stored_revision`;

interface CaptureRow {
  data: unknown;
  withdrawn: boolean;
  happened_on: string;
  received_at: Date;
  updated_at: Date;
}

type WinDbRow = CaptureRow & ReviewColumns;

const toWinRow = (row: WinDbRow): WinRow => winRowOf(row, toStored(row));

// INSERT … SELECT writes nothing when the capture has moved on to another revision meanwhile.
const DECIDE = `
INSERT INTO sourced_reviews (capture_id, revision, state, reviewer, comment, decided_at)
SELECT id, revision, $3, $4, $5, $6 FROM sourced_captures
WHERE id = $1 AND revision = $2 AND withdrawn = FALSE
ON CONFLICT (capture_id) DO UPDATE SET revision = excluded.revision, state = excluded.state,
  reviewer = excluded.reviewer, comment = excluded.comment, decided_at = excluded.decided_at`;

const COLUMNS = 'data, withdrawn, happened_on, received_at, updated_at';

function toStored(row: CaptureRow): StoredCapture {
  return {
    data: CaptureDataSchema.parse(row.data),
    withdrawn: row.withdrawn,
    happenedOn: row.happened_on,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface PostgresStoreOptions {
  connectionString: string;
  /** A schema to keep the tables in (created when missing); tests use one each. */
  schema?: string;
  /** Pool size; each receiver process holds at most this many connections. */
  maxConnections?: number;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<CaptureStore> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error('A PostgreSQL schema name is lower-case letters, digits and underscores.');
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server emits 'error'; without a listener that ends the process.
  pool.on('error', () => {});
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }

  return {
    kind: 'postgres',
    receive: async (event: IncomingEvent): Promise<ReceiveResult> => {
      const { data } = event;
      const withdrawn = event.type === 'capture.withdrawn';
      // Named: each connection parses and plans the statement once.
      const owner = ownerOf(data);
      const result = await pool.query<{
        recorded: number;
        created: boolean | null;
        verdict: 'ok' | 'other-employee' | 'revision-jump';
        stored_revision: number | null;
      }>({
        name: 'sourced_receive',
        text: RECEIVE,
        values: [
          event.key,
          event.bodySha256,
          data.id,
          event.type,
          event.receivedAt,
          data.revision,
          withdrawn,
          data.employee.team ?? null,
          data.outcome.type,
          data.outcome.stage,
          happenedOn(data),
          JSON.stringify(data),
          owner,
        ],
      });
      const row = result.rows[0]!;
      if (row.verdict === 'other-employee') return { outcome: row.verdict, captureId: data.id };
      if (row.verdict === 'revision-jump') {
        return {
          outcome: row.verdict,
          captureId: data.id,
          storedRevision: row.stored_revision ?? 0,
        };
      }
      if (row.recorded === 0) {
        const seen = await pool.query<{ body_sha256: string; capture_id: string }>(
          'SELECT body_sha256, capture_id FROM sourced_events WHERE key = $1',
          [event.key],
        );
        const stored = seen.rows[0]!;
        const outcome = stored.body_sha256 === event.bodySha256 ? 'duplicate' : 'conflict';
        return { outcome, captureId: stored.capture_id };
      }
      if (row.created === null) {
        // Two first revisions from different employees racing: the other one's row won, and the
        // upsert's WHERE kept its owner. This event's key is given back, as if never received.
        const stored = await pool.query<{ owner: string }>(
          'SELECT owner FROM sourced_captures WHERE id = $1',
          [data.id],
        );
        if (stored.rows[0] && stored.rows[0].owner !== owner) {
          await pool.query('DELETE FROM sourced_events WHERE key = $1 AND body_sha256 = $2', [
            event.key,
            event.bodySha256,
          ]);
          return { outcome: 'other-employee', captureId: data.id };
        }
        return { outcome: 'stale', captureId: data.id };
      }
      if (withdrawn) return { outcome: 'withdrawn', captureId: data.id };
      return { outcome: row.created ? 'created' : 'updated', captureId: data.id };
    },
    get: async (id) => {
      const result = await pool.query<CaptureRow>(
        `SELECT ${COLUMNS} FROM sourced_captures WHERE id = $1`,
        [id],
      );
      return result.rows[0] ? toStored(result.rows[0]) : undefined;
    },
    wins: async (filter) => {
      const { sql, params } = winsWhere(filter, (index) => `$${index}`);
      params.push(filter.limit ?? DEFAULT_WINS_LIMIT);
      const result = await pool.query<CaptureRow>(
        `SELECT ${COLUMNS} FROM sourced_captures WHERE ${sql}
         ORDER BY happened_on DESC, received_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return result.rows.map(toStored);
    },
    teams: async () => {
      const result = await pool.query<{ team: string }>(
        `SELECT DISTINCT team FROM sourced_captures
         WHERE withdrawn = FALSE AND team IS NOT NULL ORDER BY team`,
      );
      return result.rows.map((row) => row.team);
    },
    recognitionWins: async (query) => {
      const { sql, params } = winsQuery(query, (index) => `$${index}`);
      const result = await pool.query<WinDbRow>(sql, params);
      return toWins(result.rows.map(toWinRow));
    },
    decide: async (decisions) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const decided: string[] = [];
        for (const d of decisions) {
          const result = await client.query(DECIDE, [
            d.captureId,
            d.revision,
            d.state,
            d.by ?? null,
            d.comment ?? null,
            d.at,
          ]);
          if (result.rowCount) decided.push(d.captureId);
        }
        await client.query('COMMIT');
        return decided;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Receivers starting together would otherwise race on CREATE TABLE.
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS sourced_schema_version (version INTEGER NOT NULL)',
    );
    const current = await client.query<{ version: number }>(
      'SELECT version FROM sourced_schema_version',
    );
    const version = current.rows[0]?.version ?? 0;
    for (let v = version; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!);
    await client.query('DELETE FROM sourced_schema_version');
    await client.query('INSERT INTO sourced_schema_version (version) VALUES ($1)', [
      MIGRATIONS.length,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

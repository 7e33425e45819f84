// @vitest-environment node
// Runs against a real PostgreSQL: TEST_DATABASE_URL, or a throwaway cluster when PostgreSQL is
// installed. Without either, beforeAll fails with how to install it: this suite never skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sampleCapture } from '../testing/deliveries';
import { startTestPostgres, uniqueSchema, type TestPostgres } from '../testing/postgres-cluster';
import { MIGRATIONS, openPostgresStore } from './postgres';
import { describeStoreSuite } from './store-suite';

let server: TestPostgres | undefined;
const schemas: string[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);

afterAll(async () => {
  if (!server) return;
  // A shared TEST_DATABASE_URL keeps its database: drop what these tests created.
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  await server.stop();
}, 30_000);

describeStoreSuite('PostgreSQL', async () => {
  if (!server) throw new Error('PostgreSQL did not start; see the error of beforeAll.');
  const url = server.url;
  const schema = uniqueSchema();
  schemas.push(schema);
  return {
    store: await openPostgresStore({ connectionString: url, schema }),
    reopen: () => openPostgresStore({ connectionString: url, schema }),
  };
});

describe('PostgreSQL schema migration', () => {
  it('brings a version-1 database to the current schema: stored captures are grouped and reviewable', async () => {
    if (!server) throw new Error('PostgreSQL did not start; see the error of beforeAll.');
    const schema = uniqueSchema();
    schemas.push(schema);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
      await client.query(MIGRATIONS[0]!);
      await client.query(
        'CREATE TABLE sourced_schema_version (version INTEGER NOT NULL); INSERT INTO sourced_schema_version VALUES (1)',
      );
      const shared = [
        sampleCapture({ postId: 'urn:li:activity:9', employeeName: 'Ada' }),
        sampleCapture({ postId: 'urn:li:activity:9', employeeName: 'Bo' }),
      ];
      for (const [i, data] of shared.entries()) {
        const at = new Date(Date.UTC(2026, 4, 19, 0, 0, i));
        await client.query(
          `INSERT INTO sourced_captures (id, revision, withdrawn, team, outcome_type, stage,
             happened_on, received_at, updated_at, data)
           VALUES ($1, 1, FALSE, 'Sales', 'deal', 'won', '2026-05-18', $2, $2, $3)`,
          [data.id, at, JSON.stringify(data)],
        );
      }
      const store = await openPostgresStore({ connectionString: server.url, schema });
      try {
        const wins = await store.recognitionWins({});
        expect(wins.map((w) => w.members.map((m) => m.capture.data.employee.name))).toEqual([
          ['Ada', 'Bo'],
        ]);
        const at = new Date();
        const decided = await store.decide(
          shared.map((d) => ({ captureId: d.id, revision: 1, state: 'confirmed' as const, at })),
        );
        expect(decided).toHaveLength(2);
        expect((await store.recognitionWins({}))[0]!.state).toBe('confirmed');
      } finally {
        await store.close();
      }
      const version = await client.query('SELECT version FROM sourced_schema_version');
      expect(version.rows).toEqual([{ version: MIGRATIONS.length }]);
    } finally {
      await client.end();
    }
  });
});

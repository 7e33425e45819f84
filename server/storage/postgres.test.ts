// @vitest-environment node
// Runs against a real PostgreSQL: TEST_DATABASE_URL, or a throwaway cluster when PostgreSQL is
// installed. Without either, beforeAll fails with how to install it: this suite never skips.
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { startTestPostgres, uniqueSchema, type TestPostgres } from '../testing/postgres-cluster';
import { openPostgresStore } from './postgres';
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

// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore } from './sqlite';
import { describeStoreSuite } from './store-suite';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-sqlite-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
describeStoreSuite('SQLite', async () => {
  const file = path.join(dir, `captures-${n++}.sqlite`);
  return { store: openSqliteStore(file), reopen: async () => openSqliteStore(file) };
});

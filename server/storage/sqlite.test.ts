// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleCapture } from '../testing/deliveries';
import { MIGRATIONS, openSqliteStore } from './sqlite';
import { describeStoreSuite } from './store-suite';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-sqlite-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
describeStoreSuite('SQLite', async () => {
  const file = path.join(dir, `captures-${n++}.sqlite`);
  return { store: openSqliteStore(file), reopen: async () => openSqliteStore(file) };
});

describe('SQLite schema migration', () => {
  it('brings a version-1 database to the current schema: stored captures are grouped and reviewable', async () => {
    const file = path.join(dir, 'version-1.sqlite');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    const insert = old.prepare(
      `INSERT INTO sourced_captures (id, revision, withdrawn, team, outcome_type, stage, happened_on,
         received_at, updated_at, first_event, data) VALUES (?, 1, 0, ?, 'deal', 'won', '2026-05-18',
         ?, ?, ?, ?)`,
    );
    const shared = [
      sampleCapture({ postId: 'urn:li:activity:9', employeeName: 'Ada' }),
      sampleCapture({ postId: 'urn:li:activity:9', employeeName: 'Bo' }),
    ];
    shared.forEach((data, i) => {
      const at = `2026-05-19T00:00:0${i}.000Z`;
      insert.run(data.id, 'Sales', at, at, `${data.id}.1`, JSON.stringify(data));
    });
    old.close();

    const store = openSqliteStore(file);
    try {
      const wins = await store.recognitionWins({});
      expect(wins.map((w) => w.members.map((m) => m.capture.data.employee.name))).toEqual([
        ['Ada', 'Bo'],
      ]);
      expect(wins[0]!.state).toBe('pending');
      const at = new Date();
      const decided = await store.decide(
        shared.map((d) => ({ captureId: d.id, revision: 1, state: 'confirmed' as const, at })),
      );
      expect(decided).toHaveLength(2);
    } finally {
      await store.close();
    }
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    check.close();
  });
});

// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleCapture } from '../testing/deliveries';
import { MIGRATIONS, openSqliteStore } from './sqlite';
import { describeStoreSuite } from './store-suite';
import type { IncomingEvent } from './types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-sqlite-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
describeStoreSuite('SQLite', async () => {
  const file = path.join(dir, `captures-${n++}.sqlite`);
  return { store: openSqliteStore(file), reopen: async () => openSqliteStore(file) };
});

describe('a database made before captures were bound to their employee', () => {
  it('is migrated: each stored capture is bound to the email it holds', async () => {
    const file = path.join(dir, 'version-1.sqlite');
    const old = new Database(file);
    // The schema of migration 1, as databases created before the binding hold it.
    old.exec(`CREATE TABLE sourced_events (key TEXT PRIMARY KEY, body_sha256 TEXT NOT NULL,
        capture_id TEXT NOT NULL, type TEXT NOT NULL, received_at TEXT NOT NULL);
      CREATE TABLE sourced_captures (id TEXT PRIMARY KEY, revision INTEGER NOT NULL,
        withdrawn INTEGER NOT NULL, team TEXT, outcome_type TEXT NOT NULL, stage TEXT NOT NULL,
        happened_on TEXT NOT NULL, received_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        first_event TEXT NOT NULL, data TEXT NOT NULL);
      CREATE INDEX sourced_captures_wall ON sourced_captures (withdrawn, happened_on);
      PRAGMA user_version = 1;`);
    const data = sampleCapture();
    data.employee.email = 'Robin@Example.com';
    const at = new Date().toISOString();
    old
      .prepare(
        `INSERT INTO sourced_captures VALUES (?, 1, 0, 'Sales', 'deal', 'won', '2026-05-18', ?, ?, ?, ?)`,
      )
      .run(data.id, at, at, `${data.id}.1`, JSON.stringify(data));
    old.close();

    const store = openSqliteStore(file);
    try {
      const event = (email: string): IncomingEvent => {
        const next = sampleCapture({ id: data.id, revision: 2 });
        next.employee.email = email;
        return {
          key: `${data.id}.2`,
          bodySha256: email,
          type: 'capture.updated',
          data: next,
          receivedAt: new Date(),
        };
      };
      expect((await store.receive(event('mallory@example.com'))).outcome).toBe('other-employee');
      expect((await store.receive(event('robin@example.com'))).outcome).toBe('updated');
    } finally {
      await store.close();
    }
  });
});

describe('SQLite schema migration', () => {
  it('brings a version-1 database to the current schema: stored captures are grouped and reviewable', async () => {
    const file = path.join(dir, 'version-1-grouped.sqlite');
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

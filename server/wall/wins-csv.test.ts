// @vitest-environment node
/**
 * The wins CSV as a download: who may have it, its own rate limit, pages that join up exactly,
 * and a receiver that stays responsive while large downloads run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureData } from '../../lib/capture';
import { silentLogger } from '../log';
import { createReceiver, startReceiver, type RunningReceiver } from '../receiver';
import { openSqliteStore } from '../storage/sqlite';
import type { CaptureStore } from '../storage/types';
import { sampleCapture } from '../testing/deliveries';
import { VIEWER_COOKIE } from './access';

const VIEWER = 'viewer_synthetic_5d1e9b2a';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-csv-'));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Stores `count` wins, `receivedAt` shared by many of them (pages must still join up). */
async function seed(
  store: CaptureStore,
  count: number,
  make = (i: number) =>
    sampleCapture({ team: `Team ${i % 7}`, occurredAt: `2026-0${1 + (i % 5)}-1${i % 10}` }),
) {
  const at = new Date('2026-06-01T00:00:00.000Z');
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const batch: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const data: CaptureData = make(i);
      ids.push(data.id);
      batch.push(
        store.receive({
          key: `${data.id}.1`,
          bodySha256: data.id,
          type: 'capture.submitted',
          data,
          receivedAt: at,
        }),
      );
    }
    await Promise.all(batch);
  }
  return ids;
}

const parse = (text: string) =>
  Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe('who may download the CSV', () => {
  it('needs the viewer token as a bearer token or cookie, unless the wall is public', async () => {
    const closed = await createReceiver({ log: silentLogger, viewerTokens: () => [VIEWER] });
    const open = await createReceiver({ log: silentLogger, publicWall: true });
    const none = await createReceiver({ log: silentLogger });
    cleanup.push(
      () => closed.close(),
      () => open.close(),
      () => none.close(),
    );
    await seed(closed.store, 1);
    const csv = (target: typeof closed, headers: Record<string, string> = {}) =>
      target.app.request('http://localhost/wins.csv', { headers });

    const refused = await csv(closed);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="wall"');
    expect((await refused.json()).error).toMatch(/viewer token.*--public-wall/);
    expect((await csv(closed, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await csv(closed, { cookie: `${VIEWER_COOKIE}=wrong` })).status).toBe(401);

    const byBearer = await csv(closed, { authorization: `Bearer ${VIEWER}` });
    expect(byBearer.status).toBe(200);
    expect(parse(await byBearer.text())).toHaveLength(1);
    expect((await csv(closed, { cookie: `a=b; ${VIEWER_COOKIE}=${VIEWER}` })).status).toBe(200);

    expect((await csv(open)).status).toBe(200);
    // No viewer token configured and not public: nobody gets the emails.
    expect((await csv(none, { authorization: 'Bearer ' })).status).toBe(401);
  });

  it('has its own rate limit, separate from deliveries', async () => {
    const receiver = await createReceiver({
      log: silentLogger,
      publicWall: true,
      csvRateLimitPerMinute: 2,
      rateLimitPerMinute: 600,
    });
    cleanup.push(() => receiver.close());
    const csv = () => receiver.app.request('http://localhost/wins.csv');
    expect((await csv()).status).toBe(200);
    expect((await csv()).status).toBe(200);
    const limited = await csv();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect((await limited.json()).error).toMatch(/Too many CSV downloads/);
    // The wall page itself is not affected.
    expect((await receiver.app.request('http://localhost/')).status).toBe(200);
  });
});

describe('pages', () => {
  it('join up exactly: every win once, in the wall order, across pages of equal keys', async () => {
    const receiver = await createReceiver({ log: silentLogger, publicWall: true, csvPageRows: 7 });
    cleanup.push(() => receiver.close());
    // Same day and same receipt time for all: only the id orders them.
    const ids = await seed(receiver.store, 50, () => sampleCapture({ occurredAt: '2026-05-01' }));
    const rows = parse(await (await receiver.app.request('http://localhost/wins.csv')).text());
    expect(rows.map((r) => r.capture_id)).toEqual([...ids].sort().reverse());
    const all = await receiver.store.wins({ limit: 100 });
    expect(rows.map((r) => r.capture_id)).toEqual(all.map((w) => w.data.id));
  });
});

describe('a large download', () => {
  it('with 20,000 wins, /health answers within 200 ms while three CSV downloads run', async () => {
    const file = path.join(dir, 'large.sqlite');
    const store = openSqliteStore(file);
    cleanup.push(() => store.close());
    await seed(store, 20_000);
    const running: RunningReceiver = await startReceiver({
      port: 0,
      store,
      log: silentLogger,
      publicWall: true,
      rateLimitPerMinute: 0,
    });
    cleanup.push(() => running.stop(1000));

    // A first health check opens the client's connection, and a first small download compiles
    // the code paths, as in a receiver that has run for a while: neither is the delay measured.
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    expect(
      (await fetch(`${running.url}/wins.csv?team=Team%200&from=2026-01&to=2026-01`)).status,
    ).toBe(200);
    let downloading = 3;
    const download = async () => {
      const response = await fetch(`${running.url}/wins.csv`);
      expect(response.status).toBe(200);
      let lines = 0;
      // Counting record ends (the notes have no line breaks) without keeping the file: the
      // client shares the receiver's event loop here, so it must cost little.
      for await (const chunk of response.body!) {
        const bytes = chunk as Uint8Array;
        for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines += 1;
      }
      downloading -= 1;
      return lines;
    };
    const downloads = [download(), download(), download()];

    const latencies: number[] = [];
    while (downloading > 0) {
      const started = performance.now();
      const health = await fetch(`${running.url}/health`);
      expect(health.status).toBe(200);
      await health.text();
      if (downloading > 0) latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await Promise.all(downloads)).toEqual([20_001, 20_001, 20_001]);
    // Enough health checks ran during the downloads for the bound to mean something.
    expect(latencies.length).toBeGreaterThan(5);
    const sorted = [...latencies].sort((a, b) => a - b);
    console.info(
      `CSV: ${latencies.length} health checks during 3 downloads of 20,000 wins; median ${Math.round(sorted[sorted.length >> 1]!)} ms, max ${Math.round(sorted.at(-1)!)} ms; ${latencies.map(Math.round).join(' ')}`,
    );
    expect(Math.max(...latencies)).toBeLessThan(200);
  }, 60_000);
});

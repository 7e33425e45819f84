// @vitest-environment node
/**
 * The wins CSV as a download: who may have it, its own rate limit, pages that join up exactly,
 * and a receiver that stays responsive while large downloads run. The CSV lists confirmed wins,
 * so the seeded captures are confirmed by a reviewer first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { createReceiver, startReceiver } from '../receiver';
import { sampleCapture } from '../testing/deliveries';
import { seedConfirmedWins as seed } from '../testing/seed-wins';
import { VIEWER_COOKIE } from '../access';

const VIEWER = 'viewer_synthetic_5d1e9b2a';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-csv-'));
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  fs.rmSync(dir, { recursive: true, force: true });
});

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
    // Same day and same receipt time for all: only the post key orders them.
    const ids = await seed(receiver.store, 50, () => sampleCapture({ occurredAt: '2026-05-01' }));
    // A co-credited win: two people, one row; and a win still pending, left out.
    const shared = sampleCapture({ occurredAt: '2026-05-01' });
    const colleague = sampleCapture({ occurredAt: '2026-05-01', postId: shared.post.id! });
    const pending = sampleCapture({ occurredAt: '2026-05-01' });
    await seed(receiver.store, 2, (i) => [shared, colleague][i]!);
    await receiver.store.receive({
      key: `${pending.id}.1`,
      bodySha256: pending.id,
      type: 'capture.submitted',
      data: pending,
      receivedAt: new Date('2026-06-01T00:00:00.000Z'),
    });
    const rows = parse(await (await receiver.app.request('http://localhost/wins.csv')).text());
    expect(rows).toHaveLength(51);
    expect(rows.every((r) => r.state === 'confirmed')).toBe(true);
    expect(rows.map((r) => r.capture_ids).sort()).toEqual(
      [...ids, [shared.id, colleague.id].sort().join(' ')].sort(),
    );
    // Newest first as the wall index orders captures: same day and receipt, so by lead id.
    const leads = rows.map((r) => r.capture_ids!.split(' ').sort().at(-1)!);
    expect(leads).toEqual([...leads].sort().reverse());
  });
});

describe('a download the client abandons', () => {
  it('stops reading pages, logs no error, and the receiver goes on serving', async () => {
    const errors: string[] = [];
    const running = await startReceiver({
      port: 0,
      publicWall: true,
      csvPageRows: 5,
      rateLimitPerMinute: 0,
      log: (level, message) => {
        if (level === 'error') errors.push(message);
      },
    });
    cleanup.push(() => running.stop(1000));
    await seed(running.store, 200);
    let pages = 0;
    const wins = running.store.recognitionWins.bind(running.store);
    running.store.recognitionWins = async (query) => {
      pages += 1;
      return wins(query);
    };
    const controller = new AbortController();
    const response = await fetch(`${running.url}/wins.csv`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const readSoFar = pages;
    expect(readSoFar).toBeLessThan(200 / 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pages).toBe(readSoFar);
    expect(errors).toEqual([]);
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });
});

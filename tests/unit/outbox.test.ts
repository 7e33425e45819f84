/**
 * The outbox against a real HTTP endpoint on 127.0.0.1: what arrives, how often, and what the
 * captures, the sync log and the delivery state say afterwards.
 */
import { AWKWARD_TOKEN, echoedForms } from './secret-forms';
import { stringSink } from '../../lib/export/file';
import { runExport } from '../../lib/export/run-export';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { readDeliveryState } from '../../lib/delivery/delivery-state';
import { endpointSettingsChanged, runOutbox, type OutboxDeps } from '../../lib/delivery/outbox';
import { withLease } from '../../lib/delivery/outbox-lock';
import { saveEndpoint } from '../../lib/endpoint-settings';
import { startDelivery } from '../../lib/capture-lifecycle';
import { capture } from './capture-fixtures';

const KEY = Buffer.from('sourced-test-signing-key-32bytes');
const SECRET = `whsec_${KEY.toString('base64')}`;
const TOKEN = 'tok_live_very_secret_value';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Received, res: ServerResponse) => void | Promise<void>;

let server: Server;
let url: string;
let received: Received[];
let handlers: Handler[];
let db: SourcedDatabase;
let clock: number;

const ok: Handler = (_, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id: 'rcpt-1', url: 'https://wins.example.com/r/1' }));
};
const status =
  (code: number, body = '', headers: Record<string, string> = {}): Handler =>
  (_, res) => {
    res.writeHead(code, headers);
    res.end(body);
  };

beforeEach(async () => {
  received = [];
  handlers = [];
  clock = Date.parse('2026-05-20T12:00:00.000Z');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { headers: req.headers, body };
      received.push(entry);
      void (handlers.shift() ?? ok)(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/captures`;
  db = openDatabase(`outbox-${Math.random()}`);
  const saved = await saveEndpoint(db, {
    url,
    format: 'sourced.v1',
    token: TOKEN,
    signingSecret: SECRET,
    headers: [{ name: 'X-Team', value: 'growth' }],
  });
  expect(saved.ok).toBe(true);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const deps = (extra: Partial<OutboxDeps> = {}): OutboxDeps => ({
  db,
  clientVersion: '9.9.9',
  now: () => new Date(clock),
  random: () => 0.5,
  ...extra,
});

async function queue(count = 1) {
  const captures = Array.from({ length: count }, () => capture({}, true));
  await db.captures.bulkPut(captures);
  return captures;
}

describe('delivery', () => {
  test('a submitted capture arrives once, signed, with the contract headers, and is marked delivered', async () => {
    const [queued] = await queue();
    const result = await runOutbox(deps());
    expect(result).toMatchObject({ outcome: 'ran', delivered: 1 });
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    const id = `${queued!.id}.1`;
    expect(headers['webhook-id']).toBe(id);
    expect(headers['idempotency-key']).toBe(`"${id}"`);
    expect(headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(headers['x-team']).toBe('growth');
    expect(headers['content-type']).toBe('application/json');
    const timestamp = headers['webhook-timestamp'];
    expect(timestamp).toBe(String(clock / 1000));
    const expected = createHmac('sha256', KEY)
      .update(`${id}.${timestamp}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(JSON.parse(body)).toMatchObject({
      type: 'capture.submitted',
      data: { id: queued!.id, revision: 1, client: { version: queued!.client.version } },
    });

    const stored = await db.captures.get(queued!.id);
    expect(stored).toMatchObject({
      status: 'delivered',
      deliveredRevision: 1,
      receipt: { id: 'rcpt-1' },
      attempts: 1,
    });
    const log = await db.syncLog.toArray();
    expect(log).toEqual([
      expect.objectContaining({ eventId: id, status: 200, result: 'delivered', url }),
    ]);
    expect((await readDeliveryState(db)).lastSuccessAt).toBe(new Date(clock).toISOString());
    // Nothing left: another run sends nothing.
    await runOutbox(deps());
    expect(received).toHaveLength(1);
  });

  test('a retry is the same event byte for byte, even after the extension was updated', async () => {
    await queue();
    handlers.push(status(503));
    await runOutbox(deps({ clientVersion: '1.0.0' }));
    await runOutbox(deps({ clientVersion: '2.0.0' }), { force: true });
    const body = (r: Received) => JSON.parse(r.body) as { data: unknown };
    expect(body(received[1]!).data).toEqual(body(received[0]!).data);
  });

  test('500 twice, then accepted: three attempts with one event id, delivered once', async () => {
    const [queued] = await queue();
    handlers.push(status(500, 'boom'), status(500, 'boom'));
    const first = await runOutbox(deps());
    expect(first).toMatchObject({ retried: 1 });
    const waiting = await db.captures.get(queued!.id);
    expect(waiting).toMatchObject({ status: 'queued', lastError: 'endpoint error (500)' });
    // Backoff: not due yet, so a scheduled run sends nothing…
    await runOutbox(deps());
    expect(received).toHaveLength(1);
    // …until the wait is over.
    clock = Date.parse(waiting!.nextAttemptAt!) + 1;
    await runOutbox(deps());
    clock += 10 * 60_000;
    await runOutbox(deps());
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(Array(3).fill(`${queued!.id}.1`));
    expect(await db.captures.get(queued!.id)).toMatchObject({ status: 'delivered', attempts: 3 });
    expect((await db.syncLog.toArray()).map((e) => e.result)).toEqual([
      'retry',
      'retry',
      'delivered',
    ]);
  });

  test('429 with Retry-After holds the whole outbox until then', async () => {
    // Eight captures: a first batch of six goes out together, all told to slow down.
    await queue(8);
    handlers.push(...Array(6).fill(status(429, '', { 'retry-after': '120' })));
    const result = await runOutbox(deps());
    expect(result).toMatchObject({
      retried: 6,
      nextAttemptAt: new Date(clock + 120_000).toISOString(),
    });
    expect(received).toHaveLength(6);
    clock += 60_000;
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'waiting' });
    expect(received).toHaveLength(6);
    clock += 61_000;
    expect(await runOutbox(deps())).toMatchObject({ delivered: 8 });
  });

  test('three captures failing alike in a row: the endpoint counts as down, no more are sent', async () => {
    // Ten captures, every answer a 500. Six requests go out together; the first two answers each
    // free a slot for one more request, the third makes the endpoint count as down: eight sent,
    // and the last two are not tried at all.
    await queue(10);
    handlers.push(...Array(10).fill(status(500, 'boom')));
    const result = await runOutbox(deps());
    expect(result).toMatchObject({ outcome: 'ran', retried: 8, delivered: 0 });
    expect(received).toHaveLength(8);
    expect(result.nextAttemptAt).toBeDefined();
    expect((await readDeliveryState(db)).nextAttemptAt).toBe(result.nextAttemptAt);
    // The unsent two went back to the queue without an attempt counted.
    const untried = (await db.captures.toArray()).filter((c) => c.attempts === 0);
    expect(untried).toHaveLength(2);
    expect(untried.every((c) => c.status === 'queued')).toBe(true);
    // The whole outbox waits, untried captures included.
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'waiting' });
    expect(received).toHaveLength(8);
  });

  test('"sync now" ignores backoff', async () => {
    await queue();
    handlers.push(status(503));
    await runOutbox(deps());
    await runOutbox(deps(), { force: true });
    expect(received).toHaveLength(2);
  });

  test('401 pauses delivery, keeps everything queued, and saving the settings resumes it', async () => {
    const captures = await queue(2);
    handlers.push(...Array(2).fill(status(401, `{"error":"bad token ${TOKEN}"}`)));
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'paused' });
    expect(received).toHaveLength(2);
    const state = await readDeliveryState(db);
    expect(state.problem).toMatchObject({
      kind: 'credentials',
      message: expect.stringContaining('credentials refused (401): bad token [redacted]'),
    });
    // Said once, with the server's own reason, and never the secret it echoed.
    expect(state.problem!.message.match(/credentials/g)).toHaveLength(1);
    expect(state.problem!.message).not.toContain(TOKEN);
    for (const c of captures) expect((await db.captures.get(c.id))?.status).toBe('queued');
    // The token the server echoed never reaches the log.
    const [entry] = await db.syncLog.toArray();
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
    expect(entry?.error).toContain('[redacted]');
    // Paused: even "sync now" sends nothing until the settings are saved again.
    expect(await runOutbox(deps(), { force: true })).toMatchObject({ outcome: 'paused' });
    expect(received).toHaveLength(2);
    await endpointSettingsChanged(db);
    expect(await runOutbox(deps())).toMatchObject({ delivered: 2 });
  });

  test('new credentials saved while a run meets a 401 are not paused by that old answer', async () => {
    await queue();
    handlers.push(async (_, res) => {
      // The user saves new settings while this request is in flight.
      await saveEndpoint(db, {
        url,
        format: 'sourced.v1',
        token: 'tok_new_value_123',
        headers: [],
      });
      await endpointSettingsChanged(db);
      await status(401)(_, res);
    });
    await runOutbox(deps());
    expect((await readDeliveryState(db)).problem).toBeUndefined();
    expect(await runOutbox(deps(), { force: true })).toMatchObject({ delivered: 1 });
  });

  test('secrets the endpoint echoes escaped, URL-encoded or in base64 reach neither the log nor an export', async () => {
    const headerValue = 'hdr/val "x"+1 \\k';
    const saved = await saveEndpoint(db, {
      url,
      format: 'sourced.v1',
      token: AWKWARD_TOKEN,
      signingSecret: SECRET,
      headers: [{ name: 'X-Team', value: headerValue }],
    });
    expect(saved.ok).toBe(true);
    await endpointSettingsChanged(db);
    const forms = [AWKWARD_TOKEN, headerValue, SECRET].flatMap((s) =>
      Object.values(echoedForms(s)),
    );
    await queue(forms.length);
    // One rejection per form: each echo lands in its own log entry, within the kept excerpt.
    handlers.push(...forms.map((form) => status(400, `bad credentials: ${form}`)));
    await runOutbox(deps(), { force: true });
    expect(received).toHaveLength(forms.length);
    const stored = JSON.stringify([await db.syncLog.toArray(), await db.captures.toArray()]);
    expect(stored).toContain('[redacted]');
    const sink = stringSink();
    await runExport(db, 'json', sink, { clientVersion: '0.1.0' });
    for (const form of forms) {
      expect(stored).not.toContain(JSON.stringify(form).slice(1, -1));
      expect(sink.text()).not.toContain(JSON.stringify(form).slice(1, -1));
    }
  });

  test('410 stops delivery to the endpoint and keeps the capture queued', async () => {
    const [queued] = await queue();
    handlers.push(status(410));
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'paused' });
    expect((await readDeliveryState(db)).problem?.kind).toBe('gone');
    expect((await db.captures.get(queued!.id))?.status).toBe('queued');
  });

  test('a paused batch stops the outbox: later captures are not tried', async () => {
    await queue(9);
    handlers.push(status(403));
    await runOutbox(deps());
    expect(received).toHaveLength(6);
    expect(await db.captures.where('status').equals('queued').count()).toBe(4);
  });

  test('400 fails that one capture with the server message; the others are delivered', async () => {
    await queue(2);
    handlers.push(status(400, JSON.stringify({ message: 'outcome.value.currency must be EUR' })));
    expect(await runOutbox(deps())).toMatchObject({ failed: 1, delivered: 1 });
    // Both requests go out together: the 400 answers whichever reached the server first, and its
    // webhook-id (`<capture id>.<revision>`) names the capture it carried.
    const webhookId = String(received[0]!.headers['webhook-id']);
    const bad = webhookId.slice(0, webhookId.lastIndexOf('.'));
    expect(await db.captures.get(bad)).toMatchObject({
      status: 'failed',
      lastError: 'rejected (400): outcome.value.currency must be EUR',
    });
  });

  test('a redirect is not followed: delivery pauses as a misconfigured URL', async () => {
    await queue();
    handlers.push(status(302, '', { location: 'https://elsewhere.example.com/hook' }));
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'paused' });
    expect(received).toHaveLength(1);
    expect((await readDeliveryState(db)).problem?.kind).toBe('misconfigured');
  });

  test('an endpoint that does not answer in time is retried later', async () => {
    await queue();
    handlers.push(() => {
      /* never answers */
    });
    const result = await runOutbox(deps({ timeoutMs: 200 }));
    expect(result).toMatchObject({ retried: 1 });
    const [entry] = await db.syncLog.toArray();
    expect(entry).toMatchObject({
      status: 0,
      result: 'retry',
      error: expect.stringContaining('timed out'),
    });
  });

  test('a run cut short (capture left delivering) sends the same event again', async () => {
    const [queued] = await queue();
    await db.captures.put(startDelivery(queued!, new Date(clock)));
    await runOutbox(deps());
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([`${queued!.id}.1`]);
    expect(await db.captures.get(queued!.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  test('a capture deleted while its delivery is in flight stays deleted', async () => {
    const [queued] = await queue();
    handlers.push(async (_, res) => {
      await db.captures.delete(queued!.id);
      await ok(_, res);
    });
    await runOutbox(deps());
    expect(await db.captures.get(queued!.id)).toBeUndefined();
    expect(await db.syncLog.count()).toBe(1);
  });

  test('without an endpoint, or without permission for it, delivery waits and says why', async () => {
    await queue();
    expect(await runOutbox(deps({ hasPermission: async () => false }))).toMatchObject({
      outcome: 'paused',
    });
    expect((await readDeliveryState(db)).problem?.kind).toBe('permission');
    await db.settings.clear();
    expect(await runOutbox(deps())).toMatchObject({ outcome: 'paused' });
    expect((await readDeliveryState(db)).problem?.kind).toBe('no-endpoint');
    expect(received).toHaveLength(0);
  });

  test('one run at a time: a second run while the lease is held is busy and sends nothing', async () => {
    await queue();
    const inner = await withLease(db, () => runOutbox(deps()));
    // Node has no Web Locks, so runOutbox uses the database lease, which the outer call holds.
    expect(inner).toMatchObject({ outcome: 'busy' });
    expect(received).toHaveLength(0);
  });
});

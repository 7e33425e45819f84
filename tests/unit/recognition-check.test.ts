/**
 * The background's status checks (protocol v1.1) against a real HTTP endpoint on 127.0.0.1: what
 * is asked, with which headers, how often, and what is kept of each answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Capture } from '../../lib/capture';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { runOutbox } from '../../lib/delivery/outbox';
import { saveEndpoint } from '../../lib/endpoint-settings';
import { checkRecognition, type RecognitionDeps } from '../../lib/recognition/check';
import { HOUR_MS } from '../../lib/recognition/schedule';
import { capture } from './capture-fixtures';

const TOKEN = 'tok_live_very_secret_value';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Received, res: ServerResponse) => void;

let server: Server;
let origin: string;
let received: Received[];
let handlers: Handler[];
let db: SourcedDatabase;
let clock: number;

const json =
  (status: number, body: unknown): Handler =>
  (_, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

beforeEach(async () => {
  received = [];
  handlers = [];
  clock = Date.parse('2026-05-20T12:00:00.000Z');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = { method: req.method!, url: req.url!, headers: req.headers, body };
      received.push(entry);
      (handlers.shift() ?? json(200, { id: 'rcpt' }))(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = openDatabase(`recognition-${Math.random()}`);
  const saved = await saveEndpoint(db, {
    url: `${origin}/v1/captures`,
    format: 'sourced.v1',
    token: TOKEN,
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

const deps = (extra: Partial<RecognitionDeps> = {}): RecognitionDeps => ({
  db,
  now: () => new Date(clock),
  ...extra,
});

async function delivered(overrides: Partial<Capture> = {}): Promise<Capture> {
  const base = capture();
  const c: Capture = {
    ...base,
    status: 'delivered',
    deliveredAt: new Date(clock - 60_000).toISOString(),
    deliveredRevision: 1,
    receipt: { id: base.id, status: `${origin}/v1/captures/${base.id}` },
    ...overrides,
  };
  await db.captures.put(c);
  return c;
}

const doc = (c: Capture, state: string, extra: object = {}) => ({
  captureId: c.id,
  revision: c.revision,
  state,
  credits: [{ name: 'Ada Example' }],
  ...extra,
});

describe('asking', () => {
  test('a GET to the status URL with the bearer token and custom headers, no body, no signature', async () => {
    const c = await delivered();
    handlers.push(json(200, doc(c, 'pending')));
    expect(await checkRecognition(deps(), 'schedule')).toEqual({ asked: 1, changed: 1 });
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req).toMatchObject({ method: 'GET', url: `/v1/captures/${c.id}`, body: '' });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req!.headers['x-team']).toBe('growth');
    expect(req!.headers['content-type']).toBeUndefined();
    expect(req!.headers['webhook-signature']).toBeUndefined();
    expect(req!.headers['webhook-id']).toBeUndefined();
    expect(req!.headers.cookie).toBeUndefined();
    expect(await db.recognition.get(c.id)).toMatchObject({
      askedRevision: 1,
      checkedAt: new Date(clock).toISOString(),
      document: { state: 'pending', revision: 1 },
    });
    // The capture itself is not rewritten: its updatedAt still says when the user changed it.
    expect(await db.captures.get(c.id)).toEqual(c);
  });

  test('hourly on the schedule; the popup asks again after a few seconds', async () => {
    const c = await delivered();
    handlers.push(json(200, doc(c, 'pending')));
    await checkRecognition(deps(), 'schedule');
    clock += 30 * 60_000;
    expect(await checkRecognition(deps(), 'schedule')).toEqual({ asked: 0, changed: 0 });
    expect(received).toHaveLength(1);
    handlers.push(json(200, doc(c, 'confirmed', { by: 'Dana Reviewer' })));
    expect(await checkRecognition(deps(), 'popup')).toEqual({ asked: 1, changed: 1 });
    expect((await db.recognition.get(c.id))?.document).toMatchObject({
      state: 'confirmed',
      by: 'Dana Reviewer',
    });
  });

  test('stops at a final state; a new delivered revision is asked again', async () => {
    const c = await delivered();
    handlers.push(json(200, doc(c, 'declined', { comment: 'Not from this post' })));
    await checkRecognition(deps(), 'schedule');
    expect((await db.recognition.get(c.id))?.stopped).toBe('final');
    clock += 48 * HOUR_MS;
    await checkRecognition(deps(), 'schedule');
    await checkRecognition(deps(), 'popup');
    expect(received).toHaveLength(1);

    // Updated after the decision: revision 2 delivered, the receiver says pending again.
    const updated = { ...c, revision: 2, deliveredRevision: 2 };
    await db.captures.put(updated);
    handlers.push(json(200, doc(updated, 'pending')));
    await checkRecognition(deps(), 'schedule');
    expect(received).toHaveLength(2);
    const now = await db.recognition.get(c.id);
    expect(now).toMatchObject({ askedRevision: 2, document: { state: 'pending', revision: 2 } });
    expect(now?.stopped).toBeUndefined();
  });

  test.each([
    [404, 'not-found'],
    [410, 'gone'],
  ] as const)('stops at %i', async (status, stopped) => {
    const c = await delivered();
    handlers.push(json(status, { error: 'no' }));
    await checkRecognition(deps(), 'schedule');
    expect((await db.recognition.get(c.id))?.stopped).toBe(stopped);
    clock += 2 * HOUR_MS;
    await checkRecognition(deps(), 'schedule');
    expect(received).toHaveLength(1);
  });

  test.each([
    ['a malformed document', json(200, { captureId: 'x', state: 'confirmed' })],
    [
      'a document of another capture',
      json(200, { captureId: 'other', revision: 1, state: 'confirmed' }),
    ],
    ['an HTML page', json(200, '<html>sign in</html>')],
    ['a 500', json(500, { error: 'down' })],
    ['a 401', json(401, { error: 'no' })],
    [
      'a redirect',
      (_: Received, res: ServerResponse) => {
        res.writeHead(302, { location: 'https://elsewhere.example.com/' });
        res.end();
      },
    ],
  ])('%s is no news: what was known stays, asked again later', async (_, handler) => {
    const c = await delivered();
    handlers.push(json(200, doc(c, 'pending', { comment: undefined })));
    await checkRecognition(deps(), 'schedule');
    clock += HOUR_MS;
    handlers.push(handler as Handler);
    expect(await checkRecognition(deps(), 'schedule')).toEqual({ asked: 1, changed: 0 });
    const kept = await db.recognition.get(c.id);
    expect(kept).toMatchObject({ document: { state: 'pending' } });
    expect(kept?.stopped).toBeUndefined();
    clock += HOUR_MS;
    handlers.push(json(200, doc(c, 'confirmed')));
    expect(await checkRecognition(deps(), 'schedule')).toEqual({ asked: 1, changed: 1 });
  });

  test('a capture that changed while it was asked keeps no answer about what it was', async () => {
    const c = await delivered();
    handlers.push((req, res) => {
      void db.captures
        .put({ ...c, status: 'queued', revision: 2 })
        .then(() => json(200, doc(c, 'confirmed'))(req, res));
    });
    expect(await checkRecognition(deps(), 'schedule')).toEqual({ asked: 1, changed: 0 });
    expect(await db.recognition.get(c.id)).toBeUndefined();
  });
});

describe('not asked', () => {
  test('without a status URL (a v1 endpoint), older than 90 days, or not delivered', async () => {
    await delivered({ receipt: { id: 'r' } });
    await delivered({ deliveredAt: new Date(clock - 91 * 24 * HOUR_MS).toISOString() });
    await delivered({ status: 'withdrawn' });
    await delivered({ status: 'queued' });
    expect(await checkRecognition(deps(), 'popup')).toEqual({ asked: 0, changed: 0 });
    expect(received).toHaveLength(0);
  });

  test('a status URL on another origin than today’s endpoint', async () => {
    await delivered({ receipt: { status: 'http://localhost:1/v1/captures/x' } });
    expect(await checkRecognition(deps(), 'popup')).toEqual({ asked: 0, changed: 0 });
  });

  test('Slack or Teams endpoints, no endpoint, or no host permission', async () => {
    await delivered();
    await checkRecognition(deps({ hasPermission: async () => false }), 'popup');
    expect(received).toHaveLength(0);
    await saveEndpoint(db, {
      url: `${origin}/hook/T000/B000/XXXXXXXX`,
      format: 'slack',
      headers: [],
    });
    await checkRecognition(deps(), 'popup');
    expect(received).toHaveLength(0);
    await db.settings.delete('endpoint');
    await checkRecognition(deps(), 'popup');
    expect(received).toHaveLength(0);
  });

  test('the rows of deleted captures are dropped on the schedule', async () => {
    const c = await delivered();
    await db.recognition.put({ captureId: 'gone', askedRevision: 1, checkedAt: 'x' });
    await db.followupSnoozes.put({ captureId: 'gone', until: 'x' });
    handlers.push(json(200, doc(c, 'pending')));
    await checkRecognition(deps(), 'schedule');
    expect(await db.recognition.toCollection().primaryKeys()).toEqual([c.id]);
    expect(await db.followupSnoozes.count()).toBe(0);
  });
});

describe('the delivery keeps the receipt’s status URL', () => {
  test('on the endpoint’s origin only', async () => {
    const [mine, foreign] = [capture({}, true), capture({}, true)];
    await db.captures.bulkPut([mine, foreign]);
    const receipt = (status: string) =>
      json(200, { id: 'rcpt', url: 'https://wins.example.com/', status });
    handlers.push((req, res) => {
      const { data } = JSON.parse(req.body) as { data: { id: string } };
      const status =
        data.id === mine.id ? `${origin}/v1/captures/${mine.id}` : 'https://evil.example.com/steal';
      receipt(status)(req, res);
    });
    handlers.push((req, res) => {
      const { data } = JSON.parse(req.body) as { data: { id: string } };
      const status =
        data.id === mine.id ? `${origin}/v1/captures/${mine.id}` : 'https://evil.example.com/steal';
      receipt(status)(req, res);
    });
    await runOutbox({ db, clientVersion: '9.9.9', now: () => new Date(clock) });
    expect((await db.captures.get(mine.id))?.receipt).toEqual({
      id: 'rcpt',
      url: 'https://wins.example.com/',
      status: `${origin}/v1/captures/${mine.id}`,
    });
    expect((await db.captures.get(foreign.id))?.receipt).toEqual({
      id: 'rcpt',
      url: 'https://wins.example.com/',
    });
  });
});

test('"delete all local data" forgets what the endpoint said and every snooze', async () => {
  const { deleteAllLocalData } = await import('../../lib/data-reset');
  const c = await delivered();
  await db.recognition.put({ captureId: c.id, askedRevision: 1, checkedAt: 'x' });
  await db.followupSnoozes.put({ captureId: c.id, until: 'x' });
  await deleteAllLocalData(db);
  expect(await db.recognition.count()).toBe(0);
  expect(await db.followupSnoozes.count()).toBe(0);
});

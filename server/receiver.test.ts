// @vitest-environment node
/** Every response code of the delivery contract, over real HTTP on loopback. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from './config';
import { jsonLogger } from './log';
import { startReceiver, type RunningReceiver } from './receiver';
import { openSqliteStore } from './storage/sqlite';
import type { CaptureStore } from './storage/types';
import { delivery, eventFor, sampleCapture, testEvent, type Delivery } from './testing/deliveries';

const SECRET = generateSecret();
const TOKEN = 'tok_synthetic_3f9a2c7e';
const logLines: string[] = [];
const log = jsonLogger((line) => logLines.push(line));

let receiver: RunningReceiver;
const started: RunningReceiver[] = [];

async function start(options: Parameters<typeof startReceiver>[0] = {}) {
  const running = await startReceiver({ port: 0, log, rateLimitPerMinute: 0, ...options });
  started.push(running);
  return running;
}

function post(
  target: RunningReceiver,
  d: Delivery | { body: BodyInit; headers: Record<string, string> },
) {
  return fetch(`${target.url}/v1/captures`, { method: 'POST', body: d.body, headers: d.headers });
}

const signed = (
  event: Parameters<typeof delivery>[0],
  extra: Parameters<typeof delivery>[1] = {},
) => delivery(event, { secret: SECRET, token: TOKEN, ...extra });

beforeAll(async () => {
  receiver = await start({ secret: SECRET, token: TOKEN, publicWall: true });
});

afterAll(async () => {
  await Promise.all(started.map((r) => r.stop(1000)));
});

describe('POST /v1/captures with a secret and a token', () => {
  it('stores a signed capture and answers {id, url, status}; the url shows it on the wall', async () => {
    const data = sampleCapture({ note: 'Signed the pilot.' });
    const response = await post(receiver, await signed(eventFor(data)));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const receipt = await response.json();
    expect(receipt).toEqual({
      id: data.id,
      url: `${receiver.url}/?id=${data.id}`,
      status: `${receiver.url}/v1/captures/${data.id}`,
    });
    expect((await receiver.store.get(data.id))?.data).toEqual(data);

    const page = await (await fetch(receipt.url)).text();
    expect(page).toContain(`data-capture-id="${data.id}"`);
    expect(page).toContain('Signed the pilot.');
  });

  it('answers the same receipt for the same event twice and stores it once', async () => {
    const data = sampleCapture();
    const first = await post(receiver, await signed(eventFor(data)));
    // A retry is signed again with a new timestamp, and its envelope timestamp may differ too.
    const retry = await post(
      receiver,
      await signed(
        { ...eventFor(data), timestamp: '2030-01-01T00:00:00Z' },
        { timestamp: Math.floor(Date.now() / 1000) - 60 },
      ),
    );
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(await first.json());
    expect(await receiver.store.wins({ captureId: data.id })).toHaveLength(1);
  });

  it('answers 422 when a key is reused with a different body', async () => {
    const data = sampleCapture({ note: 'original' });
    await post(receiver, await signed(eventFor(data)));
    const changed = {
      ...data,
      outcome: { ...data.outcome, note: 'changed without a new revision' },
    };
    const response = await post(receiver, await signed(eventFor(changed)));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(/different body/);
    expect((await receiver.store.get(data.id))?.data.outcome.note).toBe('original');
  });

  it('applies a revision, marks a withdrawal, and takes it off the wall', async () => {
    const data = sampleCapture({ note: 'revision one' });
    await post(receiver, await signed(eventFor(data)));
    const revised = sampleCapture({ id: data.id, revision: 2, note: 'revision two' });
    expect((await post(receiver, await signed(eventFor(revised)))).status).toBe(200);
    expect((await receiver.store.get(data.id))?.data.outcome.note).toBe('revision two');

    const withdrawal = sampleCapture({ id: data.id, revision: 3 });
    const response = await post(receiver, await signed(eventFor(withdrawal, 'capture.withdrawn')));
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe(data.id);
    expect((await receiver.store.get(data.id))?.withdrawn).toBe(true);
    const page = await (await fetch(`${receiver.url}/`)).text();
    expect(page).not.toContain(data.id);
  });

  it('answers 2xx with the receipt to a stale revision without overwriting the newer one', async () => {
    const data = sampleCapture({ note: 'older' });
    const newer = sampleCapture({ id: data.id, revision: 2, note: 'newer' });
    await post(receiver, await signed(eventFor(newer)));
    const response = await post(receiver, await signed(eventFor(data)));
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe(data.id);
    expect((await receiver.store.get(data.id))?.data.outcome.note).toBe('newer');
  });

  it('answers 200 to a test delivery without storing anything', async () => {
    const before = (await receiver.store.wins({})).length;
    const response = await post(receiver, await signed(testEvent(), { id: 'test_1' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'test_1', test: true });
    expect((await receiver.store.wins({})).length).toBe(before);
  });

  describe('401', () => {
    const expect401 = async (d: Delivery, message: RegExp) => {
      const response = await post(receiver, d);
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toMatch(message);
      return response;
    };

    it('refuses a signature made with another secret', async () => {
      const d = await delivery(eventFor(sampleCapture()), {
        secret: generateSecret(),
        token: TOKEN,
      });
      await expect401(d, /signature does not match/);
    });

    it('refuses a body changed after signing', async () => {
      const d = await signed(eventFor(sampleCapture({ amount: 100 })));
      await expect401(
        { ...d, body: d.body.replace('"amount":100', '"amount":1000000') },
        /signature does not match/,
      );
    });

    it('refuses a delivery without signature headers', async () => {
      const d = await delivery(eventFor(sampleCapture()), { token: TOKEN });
      await expect401(d, /needs the headers webhook-signature/);
    });

    it('refuses a timestamp more than 5 minutes old or ahead, even correctly signed', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expect401(
        await signed(eventFor(sampleCapture()), { timestamp: now - 6 * 60 }),
        /more than 5 minutes/,
      );
      await expect401(
        await signed(eventFor(sampleCapture()), { timestamp: now + 6 * 60 }),
        /more than 5 minutes/,
      );
      await expect401(await signed(eventFor(sampleCapture()), { timestamp: 1.5 }), /Unix seconds/);
    });

    it('refuses a missing or wrong bearer token before reading the body', async () => {
      const d = await signed(eventFor(sampleCapture()));
      const { authorization: _, ...noToken } = d.headers;
      const missing = await expect401({ ...d, headers: noToken }, /Bearer token is required/);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      await expect401(
        { ...d, headers: { ...d.headers, authorization: 'Bearer nope' } },
        /not the one/,
      );
    });
  });

  describe('400', () => {
    it('names what is wrong in a capture that fails the schema', async () => {
      const data = sampleCapture() as unknown as {
        outcome: Record<string, unknown>;
        post: Record<string, unknown>;
      };
      data.outcome.type = 'likes';
      data.post.url = 'javascript:alert(1)';
      const response = await post(receiver, await signed(eventFor(data as never)));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'data.outcome.type',
        'data.post.url',
      ]);
      expect(body.error).toMatch(
        /^The capture is not valid: .*data\.post\.url: must be an http\(s\) URL/,
      );
    });

    it('refuses a body that is not JSON, and an unknown event type', async () => {
      const response = await post(receiver, await signed({ type: 'x' }, { body: '{"type":' }));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'The body is not JSON.', issues: [] });

      const unknown = await post(
        receiver,
        await signed({ type: 'capture.deleted', data: sampleCapture() }),
      );
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).issues[0]).toEqual({
        path: 'type',
        message: expect.stringContaining('capture.submitted'),
      });
    });

    it('refuses webhook-id and Idempotency-Key that disagree', async () => {
      const d = await signed(eventFor(sampleCapture()));
      const response = await post(receiver, {
        ...d,
        headers: { ...d.headers, 'idempotency-key': '"other"' },
      });
      expect(response.status).toBe(400);
    });
  });

  describe('413', () => {
    const big = () => {
      const data = sampleCapture();
      return { ...eventFor(data), padding: 'x'.repeat(70 * 1024) };
    };

    it('refuses a body over 64 KB announced by Content-Length', async () => {
      const response = await post(receiver, await signed(big()));
      expect(response.status).toBe(413);
      expect((await response.json()).error).toBe('The body is larger than 64 KB.');
    });

    it('refuses a streamed body over 64 KB without Content-Length', async () => {
      const d = await signed(big());
      const bytes = new TextEncoder().encode(d.body);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      });
      const response = await fetch(`${receiver.url}/v1/captures`, {
        method: 'POST',
        body: stream,
        headers: d.headers,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(413);
    });

    it('accepts a capture at its largest allowed size', async () => {
      const data = sampleCapture({ note: 'n'.repeat(4000), excerpt: 'e'.repeat(500) });
      expect((await post(receiver, await signed(eventFor(data)))).status).toBe(200);
    });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client spends its allowance', async () => {
    const limited = await start({ rateLimitPerMinute: 3 });
    const send = async () => post(limited, await delivery(eventFor(sampleCapture())));
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    const response = await send();
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBe(20);
    // Health checks from a load balancer are never limited.
    expect((await fetch(`${limited.url}/health`)).status).toBe(200);
  });
});

describe('without a secret or token', () => {
  it('accepts an unsigned delivery keyed by Idempotency-Key alone', async () => {
    const open = await start();
    const data = sampleCapture();
    const body = JSON.stringify(eventFor(data));
    const headers = { 'content-type': 'application/json', 'idempotency-key': `"${data.id}.1"` };
    const first = await post(open, { body, headers });
    expect(first.status).toBe(200);
    const changed = JSON.stringify(eventFor({ ...data, platform: 'x' }));
    expect((await post(open, { body: changed, headers })).status).toBe(422);
  });
});

describe('operations', () => {
  let slowStore: CaptureStore;
  let release: () => void = () => {};
  afterEach(() => release());

  it('answers /health, and 503 once draining', async () => {
    const running = await start();
    expect(await (await fetch(`${running.url}/health`)).json()).toEqual({
      status: 'ok',
      storage: 'sqlite',
    });
    running.drain();
    expect((await fetch(`${running.url}/health`)).status).toBe(503);
  });

  it('answers 503 with Retry-After when the database fails', async () => {
    const store = openSqliteStore(':memory:');
    const broken: CaptureStore = {
      ...store,
      receive: async () => Promise.reject(new Error('disk I/O error')),
    };
    const running = await start({ store: broken });
    const response = await post(running, await delivery(eventFor(sampleCapture())));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    await store.close();
  });

  it('answers JSON 404 elsewhere', async () => {
    const response = await fetch(`${receiver.url}/v1/nothing`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/POST \/v1\/captures/);
  });

  it('finishes an in-flight delivery before it stops, then refuses connections', async () => {
    const store = openSqliteStore(':memory:');
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    slowStore = {
      ...store,
      receive: async (event) => {
        entered();
        await gate;
        return store.receive(event);
      },
    };
    const running = await startReceiver({ port: 0, log, store: slowStore, rateLimitPerMinute: 0 });
    const data = sampleCapture();
    const pending = post(running, await delivery(eventFor(data)));
    await inside;

    let stopped = false;
    const stopping = running.stop(5000).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);

    release();
    const response = await pending;
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe(data.id);
    await stopping;
    expect((await store.get(data.id))?.data.id).toBe(data.id);
    await expect(fetch(`${running.url}/health`)).rejects.toThrow();
    await store.close();
  });
});

// Last in the file: tests in a file run in order, so this sees every line the others produced.
describe('logs', () => {
  it('hold one JSON line per request and never a secret, its key or a token', () => {
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(30);
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'POST', status: 200, outcome: 'created' }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ status: 401, path: '/v1/captures' }));
    const logs = logLines.join('');
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(SECRET.slice('whsec_'.length));
    expect(logs).not.toContain(TOKEN);
  });
});

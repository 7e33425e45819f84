// @vitest-environment node
/**
 * What the receiver binds before it stores (issue 17's red-team findings): the event id names the
 * capture it carries, a capture stays with its first employee, revisions cannot leap, only JSON
 * is accepted, and only the configured host names are served.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from './config';
import { silentLogger } from './log';
import { startReceiver, type RunningReceiver } from './receiver';
import { MAX_REVISION_STEP } from './storage/types';
import { delivery, eventFor, sampleCapture } from './testing/deliveries';
import type { CaptureData } from '../lib/capture';
import { classifyResponse } from '../lib/delivery/response';

const SECRET = generateSecret();
let signedReceiver: RunningReceiver;
let unsignedReceiver: RunningReceiver;

beforeAll(async () => {
  signedReceiver = await startReceiver({
    port: 0,
    secret: SECRET,
    log: silentLogger,
    rateLimitPerMinute: 0,
  });
  unsignedReceiver = await startReceiver({ port: 0, log: silentLogger, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await Promise.all([signedReceiver.stop(1000), unsignedReceiver.stop(1000)]);
});

async function send(
  data: CaptureData,
  options: Parameters<typeof delivery>[1] & { type?: Parameters<typeof eventFor>[1] } = {},
) {
  const d = await delivery(eventFor(data, options.type), { secret: SECRET, ...options });
  return fetch(`${signedReceiver.url}/v1/captures`, {
    method: 'POST',
    body: d.body,
    headers: d.headers,
  });
}

const byEmail = (data: CaptureData, email: string): CaptureData => ({
  ...data,
  employee: { ...data.employee, email },
});

describe('the event id', () => {
  it('must be <capture id>.<revision> of the body: another id is refused with 422 and not claimed', async () => {
    const victim = sampleCapture({ note: 'the real one' });
    expect((await send(victim)).status).toBe(200);
    // Pre-claiming the victim's next event id with an unrelated capture.
    const unrelated = sampleCapture({ note: 'unrelated' });
    const response = await send(unrelated, { id: `${victim.id}.2` });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toBe(
      `The event id (webhook-id or Idempotency-Key) must be "<capture id>.<revision>" of the capture in the body: "${unrelated.id}.1".`,
    );
    expect(await signedReceiver.store.get(unrelated.id)).toBeUndefined();
    // The victim's real revision 2 goes through.
    const next = sampleCapture({ id: victim.id, revision: 2, note: 'revision two' });
    expect((await send(next)).status).toBe(200);
    expect((await signedReceiver.store.get(victim.id))?.data.outcome.note).toBe('revision two');
  });

  it('is checked without a signature too (Idempotency-Key)', async () => {
    const data = sampleCapture();
    const response = await fetch(`${unsignedReceiver.url}/v1/captures`, {
      method: 'POST',
      body: JSON.stringify(eventFor(data)),
      headers: { 'content-type': 'application/json', 'idempotency-key': '"some-other-id"' },
    });
    expect(response.status).toBe(422);
  });
});

describe('a capture belongs to the employee of its first revision', () => {
  it('refuses an update or a withdrawal from another employee with 409, and keeps the owner’s win', async () => {
    const owner = sampleCapture({ note: 'Signed the pilot.' });
    expect((await send(owner)).status).toBe(200);

    const takeover = byEmail(
      sampleCapture({ id: owner.id, revision: 2, note: 'mine now' }),
      'mallory@example.com',
    );
    const update = await send(takeover);
    expect(update.status).toBe(409);
    const body409 = (await update.json()) as { error: string; retryable?: boolean };
    expect(body409.retryable).toBe(false);
    expect(body409.error).toBe(
      'This capture belongs to another employee: a capture id stays with the email of its first revision, so only that employee can update or withdraw it.',
    );
    // The extension reads this as final (its 409 otherwise means "still processing, retry").
    expect(
      classifyResponse({ status: 409, headers: {}, bodyText: JSON.stringify(body409) }, new Date()),
    ).toMatchObject({
      kind: 'rejected',
    });
    const withdrawal = await send(takeover, { type: 'capture.withdrawn' });
    expect(withdrawal.status).toBe(409);

    const stored = await signedReceiver.store.get(owner.id);
    expect(stored?.data.employee.email).toBe('robin@example.com');
    expect(stored?.data.outcome.note).toBe('Signed the pilot.');
    expect(stored?.withdrawn).toBe(false);

    // The owner's own revision 2 (same email, other case) is accepted: nothing was claimed.
    const own = byEmail(
      sampleCapture({ id: owner.id, revision: 2, note: 'Now three years.' }),
      'ROBIN@example.com',
    );
    expect((await send(own)).status).toBe(200);
    expect((await signedReceiver.store.get(owner.id))?.data.outcome.note).toBe('Now three years.');
  });
});

describe('revisions', () => {
  it(`may not jump more than ${MAX_REVISION_STEP} above the stored one: 2^53-1 cannot freeze a capture`, async () => {
    const data = sampleCapture({ note: 'first' });
    await send(data);
    const frozen = sampleCapture({
      id: data.id,
      revision: Number.MAX_SAFE_INTEGER,
      note: 'frozen',
    });
    const response = await send(frozen);
    expect(response.status).toBe(422);
    expect((await response.json()).error).toBe(
      `Revision ${Number.MAX_SAFE_INTEGER} is more than ${MAX_REVISION_STEP} above the stored revision (1) of this capture.`,
    );
    const next = sampleCapture({ id: data.id, revision: 2, note: 'second' });
    expect((await send(next)).status).toBe(200);
    expect((await signedReceiver.store.get(data.id))?.data.outcome.note).toBe('second');
  });
});

describe('content type', () => {
  const post = (target: RunningReceiver, contentType: string, data = sampleCapture()) =>
    fetch(`${target.url}/v1/captures`, {
      method: 'POST',
      body: JSON.stringify(eventFor(data)),
      headers: { 'content-type': contentType, 'idempotency-key': `"${data.id}.1"` },
    });

  it('accepts application/json with or without a UTF-8 charset', async () => {
    expect((await post(unsignedReceiver, 'application/json')).status).toBe(200);
    expect((await post(unsignedReceiver, 'application/json; charset=utf-8')).status).toBe(200);
    expect((await post(unsignedReceiver, 'Application/JSON;charset="UTF-8"')).status).toBe(200);
  });

  it('refuses text/plain, forms and the rest with 415, even with --unsigned', async () => {
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
      'application/json; charset=latin1',
    ]) {
      const data = sampleCapture();
      const response = await post(unsignedReceiver, type, data);
      expect(response.status, type).toBe(415);
      expect((await response.json()).error).toBe(
        'Deliveries must be sent with Content-Type: application/json.',
      );
      expect(await unsignedReceiver.store.get(data.id)).toBeUndefined();
    }
  });
});

describe('host names (DNS rebinding)', () => {
  // fetch() cannot set Host; the app is asked directly with the URL a browser would use.
  const ask = (target: { app: RunningReceiver['app'] }, url: string, init?: RequestInit) =>
    target.app.request(url, init);

  it('serves loopback names and refuses any other with 421, on every route but /health', async () => {
    // Served: the closed wall answers its sign-in form (401), not 421.
    for (const url of ['http://localhost:8787/', 'http://127.0.0.1/', 'http://[::1]:8787/']) {
      expect((await ask(unsignedReceiver, url)).status, url).toBe(401);
    }
    for (const path of ['/', '/wins.csv', '/v1/captures']) {
      const response = await ask(unsignedReceiver, `http://rebind.attacker.example${path}`, {
        method: path === '/v1/captures' ? 'POST' : 'GET',
      });
      expect(response.status, path).toBe(421);
      expect((await response.json()).error).toMatch(/--allowed-hosts/);
    }
    expect((await ask(unsignedReceiver, 'http://10.1.2.3/health')).status).toBe(200);
  });

  it('reads the Host header of a real request', async () => {
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.get(`${unsignedReceiver.url}/`, { headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
      });
    expect(await status('rebind.attacker.example:8787')).toBe(421);
    expect(await status(`localhost:${unsignedReceiver.port}`)).toBe(401); // the sign-in form
  });

  it('serves the names given and the public URL’s host', async () => {
    const named = await startReceiver({
      port: 0,
      log: silentLogger,
      allowedHosts: ['wins.example.com', 'Receiver.Internal:8443'],
      publicUrl: 'https://public.example.org',
      publicWall: true,
    });
    try {
      for (const url of [
        'http://wins.example.com/',
        'http://receiver.internal:8787/',
        'https://public.example.org/',
        'http://localhost/',
      ]) {
        expect((await ask(named, url)).status, url).toBe(200);
      }
      expect((await ask(named, 'http://example.com/')).status).toBe(421);
    } finally {
      await named.stop(1000);
    }
  });
});

// @vitest-environment node
/** Protocol v1.1 over real HTTP: the receipt's status URL and the state document it answers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from './config';
import { silentLogger } from './log';
import { startReceiver, type RunningReceiver } from './receiver';
import { delivery, eventFor, sampleCapture } from './testing/deliveries';
import type { CaptureData } from '../lib/capture';

const SECRET = generateSecret();
const TOKEN = 'tok_synthetic_status_7c1d';
let receiver: RunningReceiver;
let open: RunningReceiver;

beforeAll(async () => {
  const common = { port: 0, log: silentLogger, rateLimitPerMinute: 0 };
  receiver = await startReceiver({ ...common, secret: SECRET, token: TOKEN });
  open = await startReceiver(common);
});
afterAll(async () => {
  await Promise.all([receiver.stop(1000), open.stop(1000)]);
});

async function deliver(target: RunningReceiver, data: CaptureData, type?: 'capture.withdrawn') {
  const signed = target === receiver ? { secret: SECRET, token: TOKEN } : {};
  const d = await delivery(eventFor(data, type), signed);
  const response = await fetch(`${target.url}/v1/captures`, {
    method: 'POST',
    body: d.body,
    headers: d.headers,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; url: string; status: string };
}

const ask = (url: string, token: string | null = TOKEN) =>
  fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('GET /v1/captures/:id', () => {
  it('answers pending with everyone credited, then the reviewer’s decision', async () => {
    const ada = sampleCapture({ postId: 'urn:li:activity:801', employeeName: 'Ada Example' });
    const bo = sampleCapture({ postId: 'urn:li:activity:801', employeeName: 'Bo', team: null });
    const receipt = await deliver(receiver, ada);
    await deliver(receiver, bo);
    expect(receipt.status).toBe(`${receiver.url}/v1/captures/${ada.id}`);

    const pending = await ask(receipt.status);
    expect(pending.status).toBe(200);
    expect(pending.headers.get('cache-control')).toBe('no-store');
    const doc = await pending.json();
    expect(doc).toEqual({
      captureId: ada.id,
      revision: 1,
      state: 'pending',
      credits: [{ name: 'Ada Example', team: 'Northwind Sales' }, { name: 'Bo' }],
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const at = new Date('2026-06-01T10:00:00.000Z');
    await receiver.store.decide(
      [ada, bo].map((d) => ({
        captureId: d.id,
        revision: 1,
        state: 'confirmed' as const,
        by: 'Dana Reviewer',
        comment: 'Signed a 3-year deal',
        at,
      })),
    );
    expect(await (await ask(receipt.status)).json()).toEqual({
      captureId: ada.id,
      revision: 1,
      state: 'confirmed',
      by: 'Dana Reviewer',
      comment: 'Signed a 3-year deal',
      credits: [{ name: 'Ada Example', team: 'Northwind Sales' }, { name: 'Bo' }],
      at: at.toISOString(),
    });

    // An update after the decision is a new revision, back to pending (for that capture only).
    await deliver(
      receiver,
      sampleCapture({ id: ada.id, revision: 2, postId: 'urn:li:activity:801', stage: 'won' }),
    );
    const updated = await (await ask(receipt.status)).json();
    expect(updated).toMatchObject({ captureId: ada.id, revision: 2, state: 'pending' });
    expect(updated.by).toBeUndefined();
    expect(updated.comment).toBeUndefined();
    expect(await (await ask(`${receiver.url}/v1/captures/${bo.id}`)).json()).toMatchObject({
      state: 'confirmed',
      by: 'Dana Reviewer',
    });
  });

  it('needs the delivery bearer token when the receiver has one', async () => {
    const receipt = await deliver(receiver, sampleCapture());
    const missing = await ask(receipt.status, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await ask(receipt.status, 'tok_wrong')).status).toBe(401);
  });

  it('answers 404 for an unknown or malformed id and 410 for a withdrawn capture', async () => {
    expect((await ask(`${receiver.url}/v1/captures/${crypto.randomUUID()}`)).status).toBe(404);
    const malformed = await ask(`${receiver.url}/v1/captures/..%2F..%2Fetc`);
    expect(malformed.status).toBe(404);
    const data = sampleCapture();
    const receipt = await deliver(receiver, data);
    await deliver(receiver, sampleCapture({ id: data.id, revision: 2 }), 'capture.withdrawn');
    expect((await ask(receipt.status)).status).toBe(410);
  });

  it('without a delivery token, the unguessable capture id is the credential', async () => {
    const data = sampleCapture();
    const receipt = await deliver(open, data);
    expect(receipt.status).toBe(`${open.url}/v1/captures/${data.id}`);
    const response = await ask(receipt.status, null);
    expect(response.status).toBe(200);
    expect((await response.json()).state).toBe('pending');
  });

  it('is not offered for a test delivery', async () => {
    const d = await delivery(
      { type: 'capture.test', timestamp: new Date().toISOString(), data: { message: 'hi' } },
      { secret: SECRET, token: TOKEN, id: 'test_status' },
    );
    const response = await fetch(`${receiver.url}/v1/captures`, {
      method: 'POST',
      body: d.body,
      headers: d.headers,
    });
    expect((await response.json()).status).toBeUndefined();
  });
});

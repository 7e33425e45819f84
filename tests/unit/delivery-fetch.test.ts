import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, deliver } from '../../lib/delivery/fetch-with-timeout';
import { buildTestRequest } from '../../lib/delivery/request';
import { classifyNetworkError, classifyResponse } from '../../lib/delivery/response';
import { verify } from '../../lib/delivery/signature';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
let followedRedirect = 0;
const openSockets = new Set<import('node:net').Socket>();

/** A local endpoint with one route per behaviour under test. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    switch (req.url) {
      case '/ok':
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"rcpt_7"}');
        return;
      case '/hang':
        return; // never answers
      case '/redirect':
        res.writeHead(302, { location: `${base}/moved` }).end();
        return;
      case '/moved':
        followedRedirect++;
        res.writeHead(200).end('{"id":"should-not-be-reached"}');
        return;
      case '/huge':
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`${'é'.repeat(600)}${'z'.repeat(1_000_000)}`);
        return;
      case '/slow-body':
        res.writeHead(503, { 'retry-after': '30' });
        res.write('partial answer');
        return; // the rest never comes
      default:
        res.writeHead(404).end('not here');
    }
  });
}

beforeAll(async () => {
  server = createServer(handle);
  server.on('connection', (socket) => {
    openSockets.add(socket);
    socket.on('close', () => openSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of openSockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('deliver() against a local endpoint', () => {
  it('sends the built request as is: the endpoint can verify the signature', async () => {
    const request = await buildTestRequest(
      { url: `${base}/ok`, format: 'sourced.v1', signingSecret: SECRET, token: 'tok_1' },
      new Date(),
      { id: 'test_fetch_1', clientVersion: '0.1.0' },
    );
    const response = await deliver(request, { timeoutMs: 5000 });
    expect(response.status).toBe(201);
    expect(response.bodyText).toBe('{"id":"rcpt_7"}');
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(classifyResponse(response, new Date())).toEqual({
      kind: 'delivered',
      receipt: { id: 'rcpt_7' },
    });

    const got = received.find((r) => r.headers['webhook-id'] === 'test_fetch_1')!;
    expect(got.method).toBe('POST');
    expect(got.body).toBe(request.init.body);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['idempotency-key']).toBe('"test_fetch_1"');
    expect(got.headers.authorization).toBe('Bearer tok_1');
    expect(got.headers.cookie).toBeUndefined();
    const ok = await verify(
      SECRET,
      String(got.headers['webhook-id']),
      Number(got.headers['webhook-timestamp']),
      got.body,
      String(got.headers['webhook-signature']),
    );
    expect(ok).toBe(true);
  });

  it('gives up after the timeout with a typed error', async () => {
    const request = await buildTestRequest(
      { url: `${base}/hang`, format: 'sourced.v1' },
      new Date(),
    );
    const started = Date.now();
    const error = await deliver(request, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe('timeout');
    expect((error as DeliveryError).message).toBe('timed out after 0.2 s');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(classifyNetworkError(error)).toEqual({
      kind: 'retry',
      endpointDown: true,
      reason: 'timed out after 0.2 s',
    });
  });

  it('does not follow a redirect, and classifies it as a settings problem', async () => {
    const request = await buildTestRequest(
      { url: `${base}/redirect`, format: 'sourced.v1' },
      new Date(),
    );
    const response = await deliver(request, { timeoutMs: 5000 });
    expect(response.status).toBe(302);
    expect(followedRedirect).toBe(0);
    const result = classifyResponse(response, new Date());
    expect(result.kind).toBe('paused');
    expect(result).toMatchObject({
      reason: expect.stringContaining('redirects (302) to http://127.0.0.1'),
    });
  });

  it('treats a browser opaqueredirect response as a redirect', async () => {
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      headers: new Headers(),
      body: null,
    } as unknown as Response;
    const response = await deliver(
      {
        url: 'https://hooks.example.com/x',
        init: { method: 'POST', headers: {}, body: '{}', redirect: 'manual' },
      },
      { fetch: async () => opaque },
    );
    expect(response).toMatchObject({ status: 0, redirect: true, bodyText: '' });
    expect(classifyResponse(response, new Date()).kind).toBe('paused');
  });

  it('reads at most 2 KB of a huge body, without cutting a character', async () => {
    const request = await buildTestRequest(
      { url: `${base}/huge`, format: 'sourced.v1' },
      new Date(),
    );
    const response = await deliver(request, { timeoutMs: 5000 });
    expect(response.status).toBe(500);
    expect(new TextEncoder().encode(response.bodyText).length).toBeLessThanOrEqual(2048);
    expect(response.bodyText.length).toBeGreaterThan(1000);
    expect(response.bodyText).not.toContain('\uFFFD');
    expect(response.bodyText.startsWith('é'.repeat(600))).toBe(true);
    const result = classifyResponse(response, new Date());
    expect(result).toMatchObject({ kind: 'retry', reason: 'endpoint error (500)' });
    expect(result.kind === 'retry' && result.error!.length).toBe(300);
  });

  it('keeps the status when the body stalls past the timeout', async () => {
    const request = await buildTestRequest(
      { url: `${base}/slow-body`, format: 'sourced.v1' },
      new Date(),
    );
    const response = await deliver(request, { timeoutMs: 300 });
    expect(response.status).toBe(503);
    expect(response.bodyText).toBe('partial answer');
    expect(classifyResponse(response, new Date())).toMatchObject({ kind: 'retry', after: 30_000 });
  });

  it('reports a refused connection as "could not connect", with no URL in the message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const request = await buildTestRequest(
      { url: `http://127.0.0.1:${port}/secret-path-xyz`, format: 'sourced.v1' },
      new Date(),
    );
    const error = (await deliver(request, { timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    )) as DeliveryError;
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/^could not connect/);
    expect(error.message).not.toContain('secret-path-xyz');
    expect(classifyNetworkError(error).reason).toMatch(/^could not connect/);
  });
});

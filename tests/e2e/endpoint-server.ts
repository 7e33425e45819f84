/**
 * A recognition endpoint for end-to-end tests on 127.0.0.1: it checks the Standard Webhooks
 * signature with node:crypto (independently of the extension's code), records every request, and
 * answers from a script of responses (then 200).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

export type Reply =
  { status: number; body?: string; headers?: Record<string, string> } | { hold: true };

export async function startEndpoint() {
  const key = randomBytes(32);
  const secret = `whsec_${key.toString('base64')}`;
  const token = `tok_${randomBytes(12).toString('hex')}`;
  const received: ReceivedRequest[] = [];
  const script: Reply[] = [];
  const held: ServerResponse[] = [];
  const accepted = new Set<string>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const timestamp = String(req.headers['webhook-timestamp'] ?? '');
      const expected = createHmac('sha256', key)
        .update(`${id}.${timestamp}.${body}`)
        .digest('base64');
      const signatureValid = String(req.headers['webhook-signature'] ?? '')
        .split(' ')
        .includes(`v1,${expected}`);
      received.push({ at: Date.now(), headers: req.headers, body, signatureValid });
      const reply = script.shift() ?? { status: 200 };
      if ('hold' in reply) {
        held.push(res);
        return;
      }
      if (reply.status >= 200 && reply.status < 300) accepted.add(id);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(
        reply.body ??
          JSON.stringify({ id: `rcpt-${accepted.size}`, url: 'https://wins.example.com/r' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/captures`;
  return {
    url,
    secret,
    token,
    received,
    /** Event ids the endpoint accepted (a 2xx), each once. */
    accepted,
    reply: (...replies: Reply[]) => script.push(...replies),
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type TestEndpoint = Awaited<ReturnType<typeof startEndpoint>>;

// @vitest-environment node
/**
 * The receiver's secret that lasts: generated once and kept (0600), reused at every start, shown
 * once on standard error and on request, rotated with a grace period, then retired; the same for
 * the bearer token.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, runReceiver, type CliOutput } from './cli';
import { parseConfig, type ReceiverConfig } from './config';
import {
  credentialsPath,
  ensureSigningSecret,
  readCredentials,
  rotate,
  writeCredentials,
} from './credentials';
import type { RunningReceiver } from './receiver';
import { delivery, eventFor, sampleCapture } from './testing/deliveries';
import { sign } from '../lib/delivery/signature';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-credentials-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;
const newDir = () => fs.mkdtempSync(path.join(root, `d${n++}-`));

const configFor = (dir: string, argv: string[] = []): ReceiverConfig => {
  const parsed = parseConfig(
    ['--port', '0', '--db', path.join(dir, 'sourced.sqlite'), '--rate-limit', '0', ...argv],
    {},
  );
  if (parsed.kind !== 'config') throw new Error(JSON.stringify(parsed));
  return parsed.config;
};

function captured(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const SECRET_IN_TEXT = /whsec_[A-Za-z0-9+/]+=*/g;

async function deliver(
  receiver: RunningReceiver,
  options: { secret?: string; token?: string; secrets?: string[] },
) {
  const data = sampleCapture();
  const d = await delivery(eventFor(data), options);
  if (options.secrets) {
    // Standard Webhooks: one signature per secret, space-separated.
    const [id, ts] = [d.headers['webhook-id']!, Number(d.headers['webhook-timestamp'])];
    const signatures = await Promise.all(options.secrets.map((s) => sign(s, id, ts, d.body)));
    d.headers['webhook-signature'] = signatures.join(' ');
  }
  const response = await fetch(`${receiver.url}/v1/captures`, {
    method: 'POST',
    body: d.body,
    headers: d.headers,
  });
  return response.status;
}

/** Waits until the running receiver has re-read the file (it polls every 50 ms here). */
const reload = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('the credentials file', () => {
  it('is made once with mode 0600 and the same secret comes back at every start', () => {
    const file = credentialsPath(newDir());
    const first = ensureSigningSecret(file);
    expect(first.generated).toMatch(/^whsec_/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = ensureSigningSecret(file);
    expect(again.generated).toBeUndefined();
    expect(again.data.signing.map((e) => e.value)).toEqual([first.generated]);
  });

  it('is refused, in plain words, when others can read it, or when it holds a weak key', () => {
    const file = credentialsPath(newDir());
    ensureSigningSecret(file);
    fs.chmodSync(file, 0o644);
    expect(() => readCredentials(file)).toThrow(/can be read by other users: run chmod 600/);
    const zeros = `whsec_${Buffer.alloc(32).toString('base64')}`;
    writeCredentials(file, {
      version: 1,
      signing: [{ value: zeros, createdAt: new Date().toISOString() }],
      tokens: [],
    });
    expect(() => readCredentials(file)).toThrow(/not random/);
    fs.writeFileSync(file, '{"nope":1}', { mode: 0o600 });
    expect(() => readCredentials(file)).toThrow(/not a receiver credentials file/);
  });
});

describe('a receiver with the stored secret', () => {
  it('keeps its secret across a restart, shows it once on stderr and never in the logs', async () => {
    const dir = newDir();
    const io1 = captured();
    const first = await runReceiver(configFor(dir), { io: io1, pollMs: 50 });
    const shown = io1.stderr.join('').match(SECRET_IN_TEXT);
    expect(shown).toHaveLength(1);
    const secret = shown![0]!;
    expect(await deliver(first, { secret })).toBe(200);
    await first.stop(1000);

    const io2 = captured();
    const second = await runReceiver(configFor(dir), { io: io2, pollMs: 50 });
    expect(io2.stderr.join('')).toBe('');
    expect(await deliver(second, { secret })).toBe(200);
    await second.stop(1000);

    // Logs and banner (standard output) never hold it.
    expect(`${io1.stdout.join('')}${io2.stdout.join('')}`).not.toMatch(SECRET_IN_TEXT);
    expect(io2.stdout.join('')).toContain('npm start -- --show-secret prints it');

    // --show-secret prints it on request.
    const show = captured();
    expect(runCommand(configFor(dir, ['--show-secret']), show)).toBe(0);
    // The reviewer token the first start made is printed too, on its own line.
    const shownText = show.stdout.join('');
    expect(shownText.startsWith(`Signing secret:   ${secret}\n`)).toBe(true);
    expect(shownText.slice(`Signing secret:   ${secret}\n`.length)).toMatch(
      /^Reviewer token: {3}rvw_[\w-]{43}\n$/,
    );
  });

  it('accepts the old and the new secret during a rotation, and refuses the old one after it', async () => {
    const dir = newDir();
    const io = captured();
    const receiver = await runReceiver(configFor(dir), { io, pollMs: 50 });
    try {
      const old = io.stderr.join('').match(SECRET_IN_TEXT)![0]!;

      const rotation = captured();
      expect(runCommand(configFor(dir, ['--rotate-secret', '--grace-hours', '48']), rotation)).toBe(
        0,
      );
      const fresh = rotation.stdout.join('').match(SECRET_IN_TEXT)![0]!;
      expect(fresh).not.toBe(old);
      expect(rotation.stdout.join('')).toMatch(/previous one stays valid until .* \(48 h\)/);
      expect(fs.statSync(credentialsPath(dir)).mode & 0o777).toBe(0o600);
      await reload();

      // No restart: the running receiver took the new secret and still takes the old one.
      expect(await deliver(receiver, { secret: old })).toBe(200);
      expect(await deliver(receiver, { secret: fresh })).toBe(200);
      const show = captured();
      runCommand(configFor(dir, ['--show-secret']), show);
      expect(show.stdout.join('')).toContain(
        `Signing secret:   ${fresh}\n  retiring:       ${old} (until `,
      );

      // A sender that signs with both (Standard Webhooks: space-separated) is accepted too.
      expect(await deliver(receiver, { secrets: [old, fresh] })).toBe(200);

      // A rotation with a one-second grace period retires both earlier secrets.
      const newest = rotate(credentialsPath(dir), 'signing', 1 / 3600).value;
      await reload();
      expect(await deliver(receiver, { secret: old })).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await deliver(receiver, { secret: old })).toBe(401);
      expect(await deliver(receiver, { secret: fresh })).toBe(401);
      expect(await deliver(receiver, { secret: newest })).toBe(200);
      expect(io.stdout.join('')).not.toMatch(SECRET_IN_TEXT);
    } finally {
      await receiver.stop(1000);
    }
  });

  it('rotates the bearer token the same way; the first one makes it required', async () => {
    const dir = newDir();
    const io = captured();
    const receiver = await runReceiver(configFor(dir), { io, pollMs: 50 });
    try {
      const secret = io.stderr.join('').match(SECRET_IN_TEXT)![0]!;
      expect(await deliver(receiver, { secret })).toBe(200);

      const first = captured();
      expect(runCommand(configFor(dir, ['--rotate-token']), first)).toBe(0);
      expect(first.stdout.join('')).toContain('Deliveries now need Authorization: Bearer');
      const token1 = /New bearer token: (\S+)/.exec(first.stdout.join(''))![1]!;
      await reload();
      expect(await deliver(receiver, { secret })).toBe(401);
      expect(await deliver(receiver, { secret, token: token1 })).toBe(200);

      const token2 = rotate(credentialsPath(dir), 'tokens', 1 / 3600).value;
      await reload();
      expect(await deliver(receiver, { secret, token: token1 })).toBe(200);
      expect(await deliver(receiver, { secret, token: token2 })).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await deliver(receiver, { secret, token: token1 })).toBe(401);
      expect(await deliver(receiver, { secret, token: token2 })).toBe(200);
      expect(io.stdout.join('')).not.toContain(token1);
    } finally {
      await receiver.stop(1000);
    }
  });

  it('leaves given secrets and tokens to whoever gave them', () => {
    const dir = newDir();
    const out = captured();
    const given = parseConfig(['--data-dir', dir, '--rotate-secret'], {
      SOURCED_SECRET: 'whsec_' + Buffer.from('a-random-enough-key-of-32-bytes!').toString('base64'),
    });
    if (given.kind !== 'config') throw new Error('config expected');
    expect(runCommand(given.config, out)).toBe(1);
    expect(out.stderr.join('')).toMatch(/comes from SOURCED_SECRET or --secret: rotate it there/);
    expect(fs.existsSync(credentialsPath(dir))).toBe(false);
  });
});

/**
 * `npm run bench`: the receiver's throughput with signature checks, on SQLite and on PostgreSQL.
 * The receiver runs as a child process (as in production, and so the load generator does not
 * share its event loop), on a free loopback port, with a signing secret and no rate limit.
 * Every request is a distinct, pre-signed capture: each one is verified, validated and stored.
 *
 *   npx tsx bench/receiver.ts [--duration 5] [--connections 32] [--only sqlite|postgres]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { generateSecret } from '../server/config';
import { openStore, type StoreConfig } from '../server/storage/open';
import { startTestPostgres } from '../server/testing/postgres-cluster';
import { delivery, eventFor, sampleCapture } from '../server/testing/deliveries';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'server', 'main.ts');

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    only: { type: 'string' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startChild(port: number, secret: string, database: StoreConfig): Promise<ChildProcess> {
  const { SOURCED_DB: _db, DATABASE_URL: _url, ...env } = process.env;
  const args = ['--import', 'tsx', MAIN, '--port', String(port), '--rate-limit', '0'];
  if (database.kind === 'sqlite') args.push('--db', database.path);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...env,
      SOURCED_SECRET: secret,
      ...(database.kind === 'postgres' ? { DATABASE_URL: database.url } : {}),
    },
    // Logs are still written (that cost is part of the figure), to nowhere.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the receiver exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the receiver did not start within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Figures {
  storage: string;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  errors: number;
  stored: number;
  prepared: number;
}

async function run(label: string, database: StoreConfig): Promise<Figures> {
  const secret = generateSecret();
  const port = await freePort();
  const child = await startChild(port, secret, database);
  try {
    // Enough distinct captures for the whole run at a generous rate; signed just before it starts
    // so their timestamps stay within the receiver's 5-minute tolerance.
    const prepared = Math.max(20_000, DURATION * 12_000);
    process.stderr.write(`${label}: signing ${prepared} captures… `);
    const requests: { body: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < prepared; i++) {
      requests.push(await delivery(eventFor(sampleCapture({ team: `Team ${i % 12}` })), { secret }));
    }
    process.stderr.write(`running ${DURATION} s with ${CONNECTIONS} connections…\n`);
    let next = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/captures`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [
        {
          setupRequest: (request) => {
            const d = requests[next++ % prepared]!;
            return { ...request, method: 'POST', body: d.body, headers: d.headers };
          },
        },
      ],
    });
    await stopChild(child);
    const store = await openStore(database);
    const stored = (await store.wins({ limit: 10_000_000 })).length;
    await store.close();
    return {
      storage: label,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      ok: result['2xx'],
      other: result.non2xx,
      errors: result.errors + result.timeouts,
      stored,
      prepared,
    };
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const figures: Figures[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-bench-'));
  try {
    if (values.only !== 'postgres') {
      figures.push(await run('SQLite', { kind: 'sqlite', path: path.join(dir, 'bench.sqlite') }));
    }
    if (values.only !== 'sqlite') {
      // PostgreSQL's durable defaults (fsync, synchronous commit), unlike the test cluster.
      const server = await startTestPostgres({ durable: true });
      const name = `sourced_bench_${process.pid}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      try {
        figures.push(await run('PostgreSQL', { kind: 'postgres', url: url.toString() }));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.end();
        await server.stop();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const cpu = os.cpus();
  process.stdout.write(
    `\nReceiver throughput: signed captures (HMAC-SHA256 verify + Zod validation + store), ` +
      `${CONNECTIONS} connections, ${DURATION} s, loopback, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}\n\n`,
  );
  const rows = [
    ['storage', 'captures/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'stored'],
    ...figures.map((f) => [
      f.storage,
      f.perSecond.toFixed(0),
      String(f.p50),
      String(f.p99),
      String(f.ok),
      String(f.other),
      String(f.errors),
      String(f.stored),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, i) => cell.padStart(widths[i]!)).join('  ')}\n`);
  }
  for (const f of figures) {
    if (f.ok > f.prepared) {
      process.stdout.write(`(${f.storage}: ${f.ok - f.prepared} requests repeated a capture: duplicates)\n`);
    }
  }
  if (figures.some((f) => f.other > 0 || f.errors > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

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
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { generateSecret } from '../server/config';
import { openStore, type StoreConfig } from '../server/storage/open';
import { startTestPostgres } from '../server/testing/postgres-cluster';
import { delivery, eventFor, sampleCapture } from '../server/testing/deliveries';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'server', 'main.ts');

export interface ReceiverBenchOptions {
  /** Seconds of load on each database. */
  duration?: number;
  connections?: number;
  only?: 'sqlite' | 'postgres';
}

let DURATION = 5;
let CONNECTIONS = 32;

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

async function startChild(
  port: number,
  secret: string,
  database: StoreConfig,
): Promise<ChildProcess> {
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

/** CPU milliseconds a process has used (Linux /proc; undefined elsewhere). */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Figures {
  storage: string;
  /** Receiver CPU time per capture (user + system), from /proc. */
  cpuPerCapture: number | undefined;
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
    const prepared = Math.max(20_000, DURATION * 8_000);
    process.stderr.write(`${label}: signing ${prepared} captures… `);
    const requests: { body: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < prepared; i++) {
      requests.push(
        await delivery(eventFor(sampleCapture({ team: `Team ${i % 12}` })), { secret }),
      );
    }
    process.stderr.write(`running ${DURATION} s with ${CONNECTIONS} connections…\n`);
    // Each connection gets its own slice of the captures, built into request buffers once, so
    // the load generator spends as little CPU as possible (it shares the machine).
    const perConnection = Math.floor(prepared / CONNECTIONS);
    let connection = 0;
    const cpuBefore = cpuMs(child.pid);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/v1/captures`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION,
      setupClient: (client) => {
        const start = (connection++ % CONNECTIONS) * perConnection;
        client.setRequests(
          requests
            .slice(start, start + perConnection)
            .map((d) => ({ method: 'POST', body: d.body, headers: d.headers })),
        );
      },
    });
    const cpuAfter = cpuMs(child.pid);
    await stopChild(child);
    const store = await openStore(database);
    const stored = (await store.wins({ limit: 10_000_000 })).length;
    await store.close();
    return {
      storage: label,
      cpuPerCapture:
        cpuBefore === undefined || cpuAfter === undefined
          ? undefined
          : (cpuAfter - cpuBefore) / Math.max(1, result['2xx']),
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

/** Runs the benchmark and prints its table; throws when a request failed. */
export async function main(options: ReceiverBenchOptions = {}): Promise<void> {
  DURATION = options.duration ?? 5;
  CONNECTIONS = options.connections ?? 32;
  const figures: Figures[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-bench-'));
  try {
    if (options.only !== 'postgres') {
      figures.push(await run('SQLite', { kind: 'sqlite', path: path.join(dir, 'bench.sqlite') }));
    }
    if (options.only !== 'sqlite') {
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
    [
      'storage',
      'captures/s',
      'p50 ms',
      'p99 ms',
      'server CPU ms/capture',
      '2xx',
      'non-2xx',
      'errors',
      'stored',
    ],
    ...figures.map((f) => [
      f.storage,
      f.perSecond.toFixed(0),
      String(f.p50),
      String(f.p99),
      f.cpuPerCapture === undefined ? 'n/a' : f.cpuPerCapture.toFixed(3),
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
    // A connection that went through its whole slice sent some captures again (answered as
    // duplicates): then fewer are stored than accepted.
    if (f.stored < f.ok) {
      process.stdout.write(
        `(${f.storage}: ${f.ok - f.stored} requests repeated a capture; run with fewer seconds)\n`,
      );
    }
  }
  process.stdout.write(
    `\nLoad average during the run: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} ` +
      '(the load generator shares the machine with the receiver; other work on it lowers captures/s ' +
      'and raises CPU ms/capture).\n',
  );
  if (figures.some((f) => f.other > 0 || f.errors > 0)) {
    throw new Error('Some deliveries were not accepted: see non-2xx and errors above.');
  }
}

// Run directly (`tsx bench/receiver.ts`), not when bench/run-all.ts imports it.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '32' },
      only: { type: 'string' },
    },
  });
  main({
    duration: Number(values.duration),
    connections: Number(values.connections),
    only: values.only as ReceiverBenchOptions['only'],
  }).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}

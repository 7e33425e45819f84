/**
 * A real PostgreSQL for the storage tests and the benchmark: TEST_DATABASE_URL when set, else a
 * throwaway cluster in a temporary folder on a free loopback port. Without PostgreSQL it throws
 * (the tests then fail, never skip silently) with the command that installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  url: string;
  /** Where it came from, for the benchmark's report. */
  source: 'TEST_DATABASE_URL' | 'throwaway cluster';
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  'PostgreSQL is needed for these tests and was not found. Install it with ' +
  '`apt-get update && apt-get install -y postgresql` (Debian/Ubuntu), or set TEST_DATABASE_URL ' +
  'to a database the tests may create schemas in.';

/** The newest installed server's bin folder (Debian keeps them in /usr/lib/postgresql/<n>/bin). */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

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

export interface ClusterOptions {
  /** fsync off makes tests fast; the benchmark keeps PostgreSQL's durable defaults. */
  durable?: boolean;
}

export async function startTestPostgres(options: ClusterOptions = {}): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, source: 'TEST_DATABASE_URL', stop: async () => {} };

  const bin = findPostgresBin();
  if (!bin) throw new Error(INSTALL_HINT);

  // initdb refuses to run as root: run the server as the `postgres` user the package creates.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  const run = (command: string, args: string[]) => {
    const [file, argv] = owner
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed: ${result.stderr || result.stdout || result.error}`);
    }
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-pg-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off']),
  ].join(' ');

  let started = false;
  const stopNow = () => {
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // Already stopped: nothing to do but remove the folder.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // A test run that dies must not leave a server behind.
  process.once('exit', stopNow);

  try {
    run('initdb', ['-D', data, '-U', 'sourced', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', 'start']);
    started = true;
  } catch (error) {
    stopNow();
    throw error;
  }
  return {
    url: `postgres://sourced@127.0.0.1:${port}/postgres`,
    source: 'throwaway cluster',
    stop: async () => {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`Running as root needs the \`postgres\` user. ${INSTALL_HINT}`);
  }
}

/** A fresh schema name, so tests sharing one database never see each other's rows. */
export function uniqueSchema(prefix = 'sourced_test'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

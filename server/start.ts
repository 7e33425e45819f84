/**
 * `npm start`: builds the extension for Chrome and Firefox, starts the receiver on
 * http://localhost:8787 with the signing secret kept in its data directory, and prints what to paste into the options page
 * and where the unpacked builds are.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, runCommand, runReceiver, stopOnSignals } from './cli';
import { HELP, parseConfig } from './config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const BUILDS = [
  {
    label: 'Chrome',
    args: ['wxt', 'build'],
    dir: path.join(ROOT, '.output', 'chrome-mv3'),
    how: (dir: string) => `chrome://extensions → Developer mode → Load unpacked → choose ${dir}`,
  },
  {
    label: 'Firefox',
    args: ['wxt', 'build', '-b', 'firefox'],
    dir: path.join(ROOT, '.output', 'firefox-mv2'),
    how: (dir: string) =>
      `about:debugging → This Firefox → Load Temporary Add-on → choose ${path.join(dir, 'manifest.json')}`,
  },
];

function build(args: string[]): Promise<void> {
  // The end-to-end flag would build into another folder, with loopback pre-granted.
  const { SOURCED_E2E: _e2e, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`npx ${args.join(' ')} failed:\n${output}`)),
    );
  });
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.argv.slice(2), process.env, ['skip-build']);
  if (parsed.kind === 'help') {
    process.stdout.write(
      `${HELP}\n  --skip-build         (npm start only) use the builds already in .output\n`,
    );
    return;
  }
  if (parsed.kind === 'error') fail(parsed.error);
  if (parsed.config.command) {
    // --show-secret and the rotations need no build.
    process.exitCode = runCommand(parsed.config);
    return;
  }

  if (!parsed.rest['skip-build']) {
    for (const target of BUILDS) {
      const started = Date.now();
      process.stdout.write(`Building the extension for ${target.label}… `);
      await build(target.args);
      process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
  const lines = BUILDS.map((target) => {
    const dir = path.relative(process.cwd(), target.dir) || '.';
    return `  ${`${target.label}:`.padEnd(18)}${dir}\n                    ${target.how(dir)}`;
  });
  const receiver = await runReceiver(parsed.config, {
    extraText: `\nThe unpacked extension:\n${lines.join('\n')}\n\nPress Ctrl-C to stop.\n`,
  });
  stopOnSignals(receiver);
}

main().catch((error: unknown) => fail((error as Error).message));

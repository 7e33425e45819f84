/**
 * Runs the receiver from a parsed configuration until SIGINT or SIGTERM, then shuts down
 * gracefully; or runs one of its commands (--show-secret, --rotate-secret, --rotate-token).
 */
import fs from 'node:fs';
import path from 'node:path';
import { banner, type ReceiverConfig } from './config';
import {
  credentialsPath,
  ensureSigningSecret,
  inForce,
  liveCredentials,
  readCredentials,
  rotate,
} from './credentials';
import { jsonLogger } from './log';
import { startReceiver, type RunningReceiver } from './receiver';
import { REVIEWER_TOKEN_FILE, resolveReviewerToken } from './review/token';

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processOutput: CliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/**
 * Runs `config.command`: prints to `out` what was asked for (the one place besides the first
 * start where a secret is printed, and only on request). Returns the exit code.
 */
export function runCommand(config: ReceiverConfig, io: CliOutput = processOutput): number {
  const command = config.command;
  if (!command) return 0;
  const file = credentialsPath(config.dataDir);
  const now = Date.now();
  if (command.kind === 'show-secret') {
    if (config.signing.kind !== 'stored') {
      io.err(
        config.signing.kind === 'given'
          ? 'The signing secret is the one given with SOURCED_SECRET or --secret: it is not stored.\n'
          : 'The receiver runs --unsigned: there is no signing secret.\n',
      );
      return 1;
    }
    const stored = readCredentials(file);
    const secrets = stored ? inForce(stored.signing, now) : [];
    if (secrets.length === 0) {
      io.err(`No signing secret is kept in ${shown(file)} yet: npm start makes one.\n`);
      return 1;
    }
    const lines = [`Signing secret:   ${secrets[0]}`];
    const retiring = stored!.signing.filter((e) => e.retiresAt && secrets.includes(e.value));
    for (const entry of retiring)
      lines.push(`  retiring:       ${entry.value} (until ${entry.retiresAt})`);
    const tokens = config.tokens ? [] : inForce(stored!.tokens, now);
    if (tokens.length > 0) {
      lines.push(`Bearer token:     ${tokens[0]}`);
      for (const entry of stored!.tokens.filter((e) => e.retiresAt && tokens.includes(e.value))) {
        lines.push(`  retiring:       ${entry.value} (until ${entry.retiresAt})`);
      }
    }
    if (config.reviewerToken === undefined) {
      const reviewerFile = path.join(config.dataDir, REVIEWER_TOKEN_FILE);
      if (fs.existsSync(reviewerFile)) {
        lines.push(`Reviewer token:   ${fs.readFileSync(reviewerFile, 'utf8').trim()}`);
      }
    }
    io.out(`${lines.join('\n')}\n`);
    return 0;
  }

  const what = command.what === 'signing' ? 'signing secret' : 'bearer token';
  if (command.what === 'signing' && config.signing.kind !== 'stored') {
    io.err(
      config.signing.kind === 'given'
        ? 'The signing secret comes from SOURCED_SECRET or --secret: rotate it there (give the new and the old one, separated by a space, for the grace period; then the new one alone).\n'
        : 'The receiver runs --unsigned: there is no signing secret to rotate.\n',
    );
    return 1;
  }
  if (command.what === 'tokens' && config.tokens) {
    io.err(
      'The bearer token comes from SOURCED_TOKEN or --token: rotate it there (give the new and the old one, separated by a space, for the grace period; then the new one alone).\n',
    );
    return 1;
  }
  const rotation = rotate(file, command.what, command.graceHours, now);
  io.out(
    [
      `New ${what}: ${rotation.value}`,
      rotation.retiresAt
        ? `The previous one stays valid until ${rotation.retiresAt} (${command.graceHours} h), then is refused.`
        : command.what === 'tokens'
          ? 'Deliveries now need Authorization: Bearer with this token.'
          : 'It is the only one.',
      `Kept in ${shown(file)}; a running receiver takes it within seconds. Set it in the extension's options (or its managed policy) before the grace period ends.`,
      '',
    ].join('\n'),
  );
  return 0;
}

export async function runReceiver(
  config: ReceiverConfig,
  options: { extraText?: string; io?: CliOutput; pollMs?: number } = {},
): Promise<RunningReceiver> {
  const io = options.io ?? processOutput;
  const log = jsonLogger(io.out);
  const file = credentialsPath(config.dataDir);
  if (config.signing.kind === 'stored') {
    const { generated } = ensureSigningSecret(file);
    if (generated) {
      // Standard error, once: never in the JSON logs on standard output, never again.
      io.err(
        [
          '',
          `A new signing secret was made and kept in ${shown(file)} (mode 0600):`,
          '',
          `  ${generated}`,
          '',
          'Paste it into the extension’s options page. It is shown this once; `npm start -- --show-secret` prints it again.',
          '',
        ].join('\n'),
      );
    }
  }
  const credentials = liveCredentials(
    file,
    {
      secrets:
        config.signing.kind === 'unsigned'
          ? null
          : config.signing.kind === 'given'
            ? config.signing.secrets
            : undefined,
      tokens: config.tokens,
    },
    {
      pollMs: options.pollMs,
      onReloadError: (error) => log('error', 'credentials not reloaded', { error: error.message }),
    },
  );
  const reviewer = resolveReviewerToken(config.reviewerToken, config.dataDir);
  if (reviewer.source === 'new') {
    // Like a new signing secret: standard error, once, never in the logs.
    io.err(
      [
        '',
        `A new reviewer token was made and kept in ${shown(reviewer.file!)} (mode 0600):`,
        '',
        `  ${reviewer.token}`,
        '',
        'Give it to the people who confirm wins at /review (not to the extension). It is shown this once; `npm start -- --show-secret` prints it again.',
        '',
      ].join('\n'),
    );
  }
  const storedTokens = !config.tokens && credentials.tokens(Date.now()).length > 0;
  let receiver: RunningReceiver;
  try {
    receiver = await startReceiver({
      port: config.port,
      host: config.host,
      credentials,
      database: config.database,
      publicUrl: config.publicUrl,
      rateLimitPerMinute: config.rateLimitPerMinute,
      csvRateLimitPerMinute: config.csvRateLimitPerMinute,
      trustProxy: config.trustProxy,
      // The address listened on is a name it may be reached by, unless it is a wildcard.
      allowedHosts: [
        ...config.allowedHosts,
        ...(['0.0.0.0', '::'].includes(config.host) ? [] : [config.host]),
      ],
      publicWall: config.publicWall,
      reviewerToken: reviewer.token,
      viewerTokens: config.viewerTokens ? () => config.viewerTokens! : undefined,
      log,
    });
  } catch (error) {
    credentials.close();
    throw error;
  }
  const stop = receiver.stop;
  receiver.stop = async (graceMs) => {
    credentials.close();
    await stop(graceMs);
  };
  const usesFile = config.signing.kind === 'stored' || storedTokens;
  io.out(
    `\n${banner(config, receiver.port, {
      file: usesFile ? file : undefined,
      storedToken: storedTokens,
      reviewer: reviewer.file ? { source: 'file', file: reviewer.file } : { source: 'env' },
    })}${options.extraText ?? ''}\n`,
  );
  log('info', 'listening', {
    host: config.host,
    port: receiver.port,
    storage: receiver.store.kind,
    signed: config.signing.kind !== 'unsigned',
    token: Boolean(config.tokens) || storedTokens,
    publicWall: config.publicWall,
    viewerToken: config.viewerTokens !== undefined,
  });
  return receiver;
}

/** Stops the receiver on SIGINT or SIGTERM (a second signal does not wait). */
export function stopOnSignals(receiver: RunningReceiver, log = jsonLogger()): void {
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    log('info', 'shutting down', { signal });
    receiver.stop().then(
      () => {
        log('info', 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log('error', 'shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

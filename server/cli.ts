/** Runs the receiver from a parsed configuration until SIGINT or SIGTERM, then shuts down gracefully. */
import { banner, type ReceiverConfig } from './config';
import { jsonLogger } from './log';
import { startReceiver, type RunningReceiver } from './receiver';
import { resolveReviewerToken } from './review/token';

export async function runReceiver(
  config: ReceiverConfig,
  options: { extraText?: string } = {},
): Promise<RunningReceiver> {
  const log = jsonLogger();
  const reviewer = resolveReviewerToken(config.reviewerToken, config.dataDir);
  const receiver = await startReceiver({
    reviewerToken: reviewer.token,
    viewerTokens: () => config.viewerTokens ?? [],
    publicWall: config.publicWall,
    port: config.port,
    host: config.host,
    secret: config.secret,
    token: config.token,
    database: config.database,
    publicUrl: config.publicUrl,
    rateLimitPerMinute: config.rateLimitPerMinute,
    trustProxy: config.trustProxy,
    log,
  });
  process.stdout.write(
    `\n${banner(config, receiver.port, process.cwd(), reviewer)}${options.extraText ?? ''}\n`,
  );
  log('info', 'listening', {
    host: config.host,
    port: receiver.port,
    storage: receiver.store.kind,
    signed: config.secret !== undefined,
    token: config.token !== undefined,
    publicWall: config.publicWall,
    viewerToken: config.viewerTokens !== undefined,
  });

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1); // a second Ctrl-C does not wait
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
  return receiver;
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** `tsx server/main.ts [--help]`: the receiver alone (see config.ts for flags and variables). */
import { fail, runReceiver } from './cli';
import { HELP, parseConfig } from './config';

const parsed = parseConfig(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(`${HELP}\n`);
} else if (parsed.kind === 'error') {
  fail(parsed.error);
} else {
  runReceiver(parsed.config).catch((error: unknown) =>
    fail(`The receiver could not start: ${(error as Error).message}`),
  );
}

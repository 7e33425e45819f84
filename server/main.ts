/** `tsx server/main.ts [--help]`: the receiver alone (see config.ts for flags and variables). */
import { fail, runCommand, runReceiver, stopOnSignals } from './cli';
import { HELP, parseConfig } from './config';

const parsed = parseConfig(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(`${HELP}\n`);
} else if (parsed.kind === 'error') {
  fail(parsed.error);
} else if (parsed.config.command) {
  try {
    process.exitCode = runCommand(parsed.config);
  } catch (error) {
    fail((error as Error).message);
  }
} else {
  runReceiver(parsed.config).then(stopOnSignals, (error: unknown) =>
    fail(`The receiver could not start: ${(error as Error).message}`),
  );
}

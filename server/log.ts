/**
 * Structured logs: one JSON object per line. Callers pass only what is safe to keep; no header,
 * body or secret is ever handed to the logger.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;
export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

export function jsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  return (level, message, fields = {}) => {
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
    );
  };
}

export const silentLogger: Logger = () => {};

/**
 * Command-line flags and environment variables of the receiver, with the --help text that
 * documents them. Flags win over environment variables.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signingKey } from './auth';
import { CREDENTIALS_FILE, DEFAULT_GRACE_HOURS, generateSecret } from './credentials';
import { DEFAULT_ALLOWED_HOSTS, normaliseHost } from './hosts';
import {
  DEFAULT_CSV_RATE_LIMIT_PER_MINUTE,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  ENDPOINT_PATH,
} from './receiver';
import type { StoreConfig } from './storage/open';

export { generateSecret };

const SERVER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_DATA_DIR = path.join(SERVER_DIR, 'data');
export const DEFAULT_DB_PATH = path.join(DEFAULT_DATA_DIR, 'sourced.sqlite');

export const HELP = `Sourced reference receiver: stores captures delivered by the extension and shows
the wall of wins.

Usage: npm start -- [options]            build the extension, then run the receiver
       npx tsx server/main.ts [options]  run the receiver only

Options (environment variable in brackets; a flag wins over its variable):
  --port <n>           port to listen on (SOURCED_PORT; default 8787)
  --host <address>     address to listen on (SOURCED_HOST; default 127.0.0.1, loopback only).
                       Use 0.0.0.0 to accept other machines, behind HTTPS.
  --secret <whsec_…>   Standard Webhooks signing secret (SOURCED_SECRET; several, separated by
                       spaces, are all accepted). When none is given, the one kept in the data
                       directory is used: generated at the first start, shown once on standard
                       error, reused at every start. Prefer the variable: flags show in the
                       process list. Keys shorter than 24 bytes or not random are refused.
  --unsigned           accept deliveries without a signature (not recommended)
  --token <token>      require Authorization: Bearer <token> on deliveries (SOURCED_TOKEN;
                       several, separated by spaces, are all accepted). Without it, the tokens
                       made by --rotate-token (kept in the data directory) are required, if any.
  --data-dir <dir>     where the receiver keeps its secrets (SOURCED_DATA_DIR; default: the
                       SQLite file's folder, server/data), in ${CREDENTIALS_FILE} (mode 0600)
  --show-secret        print the signing secret and token in force, then exit
  --rotate-secret      add a new signing secret, print it and exit; the old one stays valid for
                       the grace period, then is refused. A running receiver picks it up.
  --rotate-token       the same for the bearer token (the first one makes a token required)
  --grace-hours <n>    the grace period of a rotation (default ${DEFAULT_GRACE_HOURS})
  --db <file>          SQLite database file (SOURCED_DB; default server/data/sourced.sqlite)
  --database-url <url> PostgreSQL instead of SQLite (DATABASE_URL), for several receivers
                       behind a load balancer
  --public-url <url>   base of the links in receipts, e.g. https://wins.example.com
                       (SOURCED_PUBLIC_URL; default: the address the request was sent to)
  --rate-limit <n>     requests per minute per client, 0 for none
                       (SOURCED_RATE_LIMIT; default ${DEFAULT_RATE_LIMIT_PER_MINUTE})
  --csv-rate-limit <n> CSV downloads per minute per client, 0 for none
                       (SOURCED_CSV_RATE_LIMIT; default ${DEFAULT_CSV_RATE_LIMIT_PER_MINUTE})
  --allowed-hosts <names>  host names served besides ${DEFAULT_ALLOWED_HOSTS.join(', ')}, comma-
                       separated (SOURCED_ALLOWED_HOSTS); the public URL's host is added. Any
                       other Host header is answered 421 (DNS rebinding).
  --public-wall        anyone who can reach the receiver may read the wall of wins and its CSV
                       (SOURCED_PUBLIC_WALL=1); without it they need the reviewer or a viewer token
  --viewer-token <t>   read-only tokens for the wall and its CSV (SOURCED_VIEWER_TOKEN; several,
                       separated by spaces or commas): a sign-in on the wall, a bearer token or
                       the sourced_viewer cookie. Prefer the variable: flags show in the
                       process list.
  --trust-proxy        take the client address from X-Forwarded-For (SOURCED_TRUST_PROXY=1);
                       only behind a proxy that sets it
Reviewer credential (environment only: flags show in the process list):
  SOURCED_REVIEWER_TOKEN  signs reviewers in to /review; default: generated once, kept in
                          <data dir>/reviewer-token (mode 0600) and shown once on standard error
  -h, --help           show this help

Routes: POST ${ENDPOINT_PATH} (deliveries), GET ${ENDPOINT_PATH}/<id> (recognition state),
GET / (wall of wins), GET /wins.csv, GET /review (reviewers), GET /health.
Logs are JSON lines on standard output; they never contain a secret or a token.`;

/** Where the signing secrets come from. */
export type SigningSource =
  { kind: 'stored' } | { kind: 'given'; secrets: string[] } | { kind: 'unsigned' };

export type ReceiverCommand =
  { kind: 'show-secret' } | { kind: 'rotate'; what: 'signing' | 'tokens'; graceHours: number };

export interface ReceiverConfig {
  port: number;
  host: string;
  signing: SigningSource;
  /** Tokens given by flag or variable; undefined: those stored in the data directory, if any. */
  tokens: string[] | undefined;
  dataDir: string;
  database: StoreConfig;
  publicUrl: string | undefined;
  rateLimitPerMinute: number;
  csvRateLimitPerMinute: number;
  trustProxy: boolean;
  allowedHosts: string[];
  publicWall: boolean;
  /** From SOURCED_REVIEWER_TOKEN; else cli.ts keeps one in `dataDir`. */
  reviewerToken: string | undefined;
  /** SOURCED_VIEWER_TOKEN: one token, or several separated by spaces or commas. */
  viewerTokens: string[] | undefined;
  /** Set when the receiver is asked to do something and exit instead of serving. */
  command: ReceiverCommand | undefined;
}

export type ParsedConfig =
  | { kind: 'help' }
  | { kind: 'error'; error: string }
  | { kind: 'config'; config: ReceiverConfig; rest: Record<string, boolean> };

function integer(value: string, name: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}.`);
  }
  return Number(value);
}

/** Parses argv (without node and script); `extraFlags` are booleans a caller adds (start.ts). */
export function parseConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  extraFlags: string[] = [],
): ParsedConfig {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        secret: { type: 'string' },
        unsigned: { type: 'boolean' },
        token: { type: 'string' },
        'data-dir': { type: 'string' },
        'show-secret': { type: 'boolean' },
        'rotate-secret': { type: 'boolean' },
        'rotate-token': { type: 'boolean' },
        'grace-hours': { type: 'string' },
        'csv-rate-limit': { type: 'string' },
        'allowed-hosts': { type: 'string' },
        'public-wall': { type: 'boolean' },
        'viewer-token': { type: 'string' },
        db: { type: 'string' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        'rate-limit': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(extraFlags.map((flag) => [flag, { type: 'boolean' as const }])),
      },
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    // The positional error quotes the argument, which may be a secret pasted in the wrong place.
    const message =
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? 'Unexpected argument: every option starts with --.'
        : (error as Error).message;
    return { kind: 'error', error: `${message} Run with --help for the options.` };
  }
  if (values.help) return { kind: 'help' };
  const str = (flag: string, variable: string): string | undefined => {
    const value = (values[flag] as string | undefined) ?? env[variable];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  try {
    const port = integer(str('port', 'SOURCED_PORT') ?? '8787', 'The port', 65535);
    const rateLimitPerMinute = integer(
      str('rate-limit', 'SOURCED_RATE_LIMIT') ?? String(DEFAULT_RATE_LIMIT_PER_MINUTE),
      'The rate limit',
      1_000_000,
    );
    const csvRateLimitPerMinute = integer(
      str('csv-rate-limit', 'SOURCED_CSV_RATE_LIMIT') ?? String(DEFAULT_CSV_RATE_LIMIT_PER_MINUTE),
      'The CSV rate limit',
      1_000_000,
    );
    const words = (value: string | undefined) => value?.split(/\s+/).filter(Boolean);
    const given = words(str('secret', 'SOURCED_SECRET'));
    if (given && values.unsigned) throw new Error('Give a signing secret or --unsigned, not both.');
    for (const secret of given ?? []) signingKey(secret); // plain-words errors, without the value
    const signing: SigningSource = values.unsigned
      ? { kind: 'unsigned' }
      : given
        ? { kind: 'given', secrets: given }
        : { kind: 'stored' };

    const commands = (['show-secret', 'rotate-secret', 'rotate-token'] as const).filter(
      (flag) => values[flag],
    );
    if (commands.length > 1) throw new Error(`Give one of --${commands.join(', --')}.`);
    const graceText = str('grace-hours', 'SOURCED_GRACE_HOURS');
    if (values['grace-hours'] !== undefined && !/^rotate/.test(commands[0] ?? '')) {
      throw new Error('--grace-hours goes with --rotate-secret or --rotate-token.');
    }
    const graceHours = integer(graceText ?? String(DEFAULT_GRACE_HOURS), 'The grace period', 8760);
    const command: ReceiverCommand | undefined =
      commands[0] === 'show-secret'
        ? { kind: 'show-secret' }
        : commands[0] === 'rotate-secret'
          ? { kind: 'rotate', what: 'signing', graceHours }
          : commands[0] === 'rotate-token'
            ? { kind: 'rotate', what: 'tokens', graceHours }
            : undefined;

    const allowedHosts = (str('allowed-hosts', 'SOURCED_ALLOWED_HOSTS') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    for (const name of allowedHosts) {
      if (!normaliseHost(name))
        throw new Error(`"${name.slice(0, 100)}" is not a host name (--allowed-hosts).`);
    }

    const publicUrl = str('public-url', 'SOURCED_PUBLIC_URL');
    if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) {
      throw new Error('The public URL must start with http:// or https://.');
    }
    const dbFlag = values.db as string | undefined;
    const databaseUrl = str('database-url', 'DATABASE_URL');
    const database: StoreConfig =
      databaseUrl && !dbFlag
        ? { kind: 'postgres', url: databaseUrl }
        : { kind: 'sqlite', path: path.resolve(dbFlag ?? env.SOURCED_DB ?? DEFAULT_DB_PATH) };
    const dataDir = path.resolve(
      str('data-dir', 'SOURCED_DATA_DIR') ??
        (database.kind === 'sqlite' && database.path !== ':memory:'
          ? path.dirname(database.path)
          : DEFAULT_DATA_DIR),
    );

    const tokens = words(str('token', 'SOURCED_TOKEN'));
    const reviewerToken = str('', 'SOURCED_REVIEWER_TOKEN');
    const viewers = str('viewer-token', 'SOURCED_VIEWER_TOKEN')
      ?.split(/[\s,]+/)
      .filter(Boolean);
    const viewerTokens = viewers?.length ? viewers : undefined;
    for (const [label, value] of [
      ['SOURCED_REVIEWER_TOKEN', reviewerToken],
      ...(viewerTokens ?? []).map((token) => ['SOURCED_VIEWER_TOKEN', token] as const),
    ] as const) {
      if (value === undefined) continue;
      if (value.length < 16) throw new Error(`${label} must be at least 16 characters long.`);
      if (tokens?.includes(value) || given?.includes(value)) {
        throw new Error(`${label} must differ from the delivery secret and token.`);
      }
    }
    if (reviewerToken !== undefined && viewerTokens?.includes(reviewerToken)) {
      throw new Error('SOURCED_VIEWER_TOKEN must differ from SOURCED_REVIEWER_TOKEN.');
    }

    return {
      kind: 'config',
      config: {
        port,
        host: str('host', 'SOURCED_HOST') ?? '127.0.0.1',
        signing,
        tokens,
        dataDir,
        database,
        publicUrl,
        rateLimitPerMinute,
        csvRateLimitPerMinute,
        trustProxy: Boolean(values['trust-proxy']) || env.SOURCED_TRUST_PROXY === '1',
        allowedHosts,
        publicWall: Boolean(values['public-wall']) || env.SOURCED_PUBLIC_WALL === '1',
        reviewerToken,
        viewerTokens,
        command,
      },
      rest: Object.fromEntries(extraFlags.map((flag) => [flag, Boolean(values[flag])])),
    };
  } catch (error) {
    return { kind: 'error', error: (error as Error).message };
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::']);

/** The base URL to give users: localhost for a loopback or wildcard address. */
export function displayUrl(
  config: Pick<ReceiverConfig, 'host' | 'publicUrl'>,
  port: number,
): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = LOOPBACK.has(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What the banner says of the stored credentials (never their values). */
export interface StoredState {
  /** The credentials file, when the signing secret or a token is kept there. */
  file?: string;
  /** True when stored tokens are required. */
  storedToken?: boolean;
  /** Where the reviewer token comes from: given, or kept in this file. */
  reviewer?: { source: 'env' } | { source: 'file'; file: string };
}

/**
 * The start-up text for the person running the receiver. It never holds a secret: a generated
 * one is shown once on standard error when it is made (cli.ts), and `--show-secret` prints it.
 */
export function banner(
  config: ReceiverConfig,
  port: number,
  stored: StoredState = {},
  cwd = process.cwd(),
): string {
  const base = displayUrl(config, port);
  const where = stored.file
    ? `kept in ${shortPath(stored.file, cwd)} (npm start -- --show-secret prints it)`
    : 'kept in the data directory';
  const secretLine =
    config.signing.kind === 'stored'
      ? where
      : config.signing.kind === 'given'
        ? 'the one you gave (not shown)'
        : 'none: deliveries are not checked (--unsigned)';
  const tokenLine = config.tokens
    ? 'the one you gave (not shown)'
    : stored.storedToken
      ? where
      : undefined;
  const storage =
    config.database.kind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `SQLite, ${shortPath(config.database.path, cwd)}`;
  return [
    'Sourced receiver is running.',
    '',
    `  Endpoint URL:     ${base}${ENDPOINT_PATH}`,
    `  Signing secret:   ${secretLine}`,
    ...(tokenLine ? [`  Bearer token:     ${tokenLine}`] : []),
    `  Wall of wins:     ${base}/${config.publicWall ? ' (public: --public-wall)' : ' (sign in with the reviewer or viewer token)'}`,
    ...(stored.reviewer
      ? [
          `  Review page:      ${base}/review`,
          `  Reviewer token:   ${
            stored.reviewer.source === 'env'
              ? 'the one you gave (not shown)'
              : `kept in ${shortPath(stored.reviewer.file, cwd)} (for reviewers, not for the extension)`
          }`,
        ]
      : []),
    ...(config.viewerTokens ? ['  Viewer token:     the one you gave (not shown)'] : []),
    `  Storage:          ${storage}`,
    '',
  ].join('\n');
}

function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}

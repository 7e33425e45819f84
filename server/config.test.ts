// @vitest-environment node
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  banner,
  DEFAULT_DB_PATH,
  displayUrl,
  generateSecret,
  HELP,
  parseConfig,
  type ReceiverConfig,
} from './config';

const configOf = (argv: string[], env: NodeJS.ProcessEnv = {}): ReceiverConfig => {
  const parsed = parseConfig(argv, env);
  if (parsed.kind !== 'config') throw new Error(`expected a config, got ${JSON.stringify(parsed)}`);
  return parsed.config;
};
const errorOf = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  const parsed = parseConfig(argv, env);
  if (parsed.kind !== 'error') throw new Error(`expected an error, got ${parsed.kind}`);
  return parsed.error;
};

describe('parseConfig', () => {
  it('defaults to loopback:8787, SQLite and the secret kept under server/data, a closed CSV', () => {
    const config = configOf([]);
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      signing: { kind: 'stored' },
      tokens: undefined,
      rateLimitPerMinute: 600,
      csvRateLimitPerMinute: 10,
      trustProxy: false,
      allowedHosts: [],
      publicWall: false,
      viewerTokens: undefined,
      command: undefined,
    });
    expect(config.database).toEqual({ kind: 'sqlite', path: DEFAULT_DB_PATH });
    expect(DEFAULT_DB_PATH.split(path.sep).slice(-3)).toEqual(['server', 'data', 'sourced.sqlite']);
    expect(config.dataDir).toBe(path.dirname(DEFAULT_DB_PATH));
    // The data directory follows the SQLite file, unless given.
    expect(configOf(['--db', 'x/y.sqlite']).dataDir).toBe(path.resolve('x'));
    expect(configOf(['--db', 'x/y.sqlite', '--data-dir', 'z']).dataDir).toBe(path.resolve('z'));
    expect(configOf([], { SOURCED_DATA_DIR: 'w' }).dataDir).toBe(path.resolve('w'));
  });

  it('reads the commands, the wall and host options', () => {
    expect(configOf(['--show-secret']).command).toEqual({ kind: 'show-secret' });
    expect(configOf(['--rotate-secret']).command).toEqual({
      kind: 'rotate',
      what: 'signing',
      graceHours: 24,
    });
    expect(configOf(['--rotate-token', '--grace-hours', '2']).command).toEqual({
      kind: 'rotate',
      what: 'tokens',
      graceHours: 2,
    });
    expect(errorOf(['--show-secret', '--rotate-secret'])).toMatch(/one of/);
    expect(errorOf(['--grace-hours', '2'])).toMatch(/goes with --rotate/);
    expect(configOf([], { SOURCED_GRACE_HOURS: '2' }).command).toBeUndefined();
    expect(
      configOf(['--allowed-hosts', 'wins.example.com, Other.Example:8443'], {
        SOURCED_PUBLIC_WALL: '1',
        SOURCED_VIEWER_TOKEN: 'view_synthetic_token_1 view_synthetic_token_2',
        SOURCED_CSV_RATE_LIMIT: '3',
      }),
    ).toMatchObject({
      allowedHosts: ['wins.example.com', 'Other.Example:8443'],
      publicWall: true,
      viewerTokens: ['view_synthetic_token_1', 'view_synthetic_token_2'],
      csvRateLimitPerMinute: 3,
    });
    expect(errorOf(['--allowed-hosts', 'a/b'])).toMatch(/not a host name/);
  });

  it('reads environment variables, and flags win over them', () => {
    const secret = generateSecret();
    const env = {
      SOURCED_PORT: '9000',
      SOURCED_HOST: '0.0.0.0',
      SOURCED_SECRET: secret,
      SOURCED_TOKEN: 'env-token',
      SOURCED_DB: 'env.sqlite',
      SOURCED_RATE_LIMIT: '0',
      SOURCED_PUBLIC_URL: 'https://wins.example.com/',
      SOURCED_TRUST_PROXY: '1',
    };
    expect(configOf([], env)).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      signing: { kind: 'given', secrets: [secret] },
      tokens: ['env-token'],
      database: { kind: 'sqlite', path: path.resolve('env.sqlite') },
      rateLimitPerMinute: 0,
      publicUrl: 'https://wins.example.com/',
      trustProxy: true,
    });
    expect(
      configOf(['--port', '9100', '--token', 'flag-token', '--db', 'flag.sqlite'], env),
    ).toMatchObject({
      port: 9100,
      tokens: ['flag-token'],
      database: { kind: 'sqlite', path: path.resolve('flag.sqlite') },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, unless --db asks for a file', () => {
    const env = { DATABASE_URL: 'postgres://receiver@db.internal/sourced' };
    expect(configOf([], env).database).toEqual({ kind: 'postgres', url: env.DATABASE_URL });
    expect(configOf(['--database-url', 'postgres://x@y/z']).database).toEqual({
      kind: 'postgres',
      url: 'postgres://x@y/z',
    });
    expect(configOf(['--db', 'a.sqlite'], env).database.kind).toBe('sqlite');
  });

  it('runs unsigned only when asked', () => {
    expect(configOf(['--unsigned'])).toMatchObject({ signing: { kind: 'unsigned' } });
    // Several secrets (or tokens), separated by spaces, are all accepted: a rotation by hand.
    const [a, b] = [generateSecret(), generateSecret()];
    expect(configOf([], { SOURCED_SECRET: ` ${a}  ${b} ` }).signing).toEqual({
      kind: 'given',
      secrets: [a, b],
    });
  });

  it('refuses bad values in plain words, never echoing a secret', () => {
    expect(errorOf(['--port', '99999'])).toBe('The port must be a whole number from 0 to 65535.');
    expect(errorOf(['--rate-limit', 'many'])).toMatch(/rate limit must be a whole number/);
    const bad = 'whsec_not*base64-and-private';
    expect(errorOf(['--secret', bad])).toBe(
      'A signing secret looks like whsec_ followed by base64.',
    );
    expect(errorOf([], { SOURCED_SECRET: 'whsec_c2hvcnQ=' })).toMatch(/too short/);
    // 16 random bytes pass the extension's check; the receiver wants 24.
    const short = `whsec_${Buffer.from('0123456789abcdefghijklm').toString('base64')}`;
    expect(errorOf([], { SOURCED_SECRET: short })).toBe(
      'The signing secret is too short: its key must be at least 24 bytes (a generated one has 32).',
    );
    for (const byte of [0, 7, 255]) {
      const degenerate = `whsec_${Buffer.alloc(32, byte).toString('base64')}`;
      expect(errorOf([], { SOURCED_SECRET: degenerate })).toBe(
        'The signing secret is not random (every byte of its key is the same): let npm start generate one.',
      );
    }
    expect(errorOf(['--unsigned', '--secret', generateSecret()])).toMatch(/not both/);
    expect(errorOf(['--public-url', 'wins.example.com'])).toMatch(/http/);
    expect(errorOf(['--colour'])).toMatch(/Unknown option '--colour'.*--help/);
    expect(errorOf(['--unsigned', bad])).toBe(
      'Unexpected argument: every option starts with --. Run with --help for the options.',
    );
  });

  it('answers --help with a text that names every flag and variable', () => {
    expect(parseConfig(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseConfig(['-h'], {})).toEqual({ kind: 'help' });
    for (const word of [
      '--port',
      '--host',
      '--secret',
      '--unsigned',
      '--token',
      '--db',
      '--database-url',
      '--public-url',
      '--rate-limit',
      '--trust-proxy',
      '--data-dir',
      '--show-secret',
      '--rotate-secret',
      '--rotate-token',
      '--grace-hours',
      '--csv-rate-limit',
      '--allowed-hosts',
      '--public-wall',
      '--viewer-token',
      'SOURCED_DATA_DIR',
      'SOURCED_CSV_RATE_LIMIT',
      'SOURCED_ALLOWED_HOSTS',
      'SOURCED_PUBLIC_WALL',
      'SOURCED_VIEWER_TOKEN',
      'SOURCED_PORT',
      'SOURCED_HOST',
      'SOURCED_SECRET',
      'SOURCED_TOKEN',
      'SOURCED_DB',
      'DATABASE_URL',
      'SOURCED_PUBLIC_URL',
      'SOURCED_RATE_LIMIT',
      'SOURCED_TRUST_PROXY',
    ]) {
      expect(HELP).toContain(word);
    }
  });

  it('reads the people’s credentials from the environment only, and keeps them apart', () => {
    const reviewer = 'rvw_synthetic_reviewer_token_0003';
    const viewer = 'view_synthetic_viewer_token_0003';
    expect(configOf([])).toMatchObject({ publicWall: false, reviewerToken: undefined });
    expect(configOf([]).dataDir).toBe(path.dirname(DEFAULT_DB_PATH));
    expect(
      configOf(['--public-wall', '--db', 'x/y.sqlite'], {
        SOURCED_REVIEWER_TOKEN: reviewer,
        SOURCED_VIEWER_TOKEN: viewer,
      }),
    ).toMatchObject({
      publicWall: true,
      reviewerToken: reviewer,
      viewerTokens: [viewer],
      dataDir: path.resolve('x'),
    });
    expect(configOf([], { SOURCED_DATA_DIR: 'kept' }).dataDir).toBe(path.resolve('kept'));
    expect(
      configOf([], { SOURCED_VIEWER_TOKEN: `${viewer}, ${viewer}-next` }).viewerTokens,
    ).toEqual([viewer, `${viewer}-next`]);
    expect(errorOf(['--reviewer-token', reviewer])).toMatch(/Unknown option/);
    expect(errorOf([], { SOURCED_REVIEWER_TOKEN: 'short' })).toMatch(/at least 16/);
    expect(errorOf(['--token', reviewer], { SOURCED_REVIEWER_TOKEN: reviewer })).toMatch(
      /differ from the delivery secret and token/,
    );
    expect(
      errorOf([], { SOURCED_REVIEWER_TOKEN: reviewer, SOURCED_VIEWER_TOKEN: reviewer }),
    ).toMatch(/must differ from SOURCED_REVIEWER_TOKEN/);
    for (const word of ['--public-wall', 'SOURCED_REVIEWER_TOKEN', 'SOURCED_VIEWER_TOKEN']) {
      expect(HELP).toContain(word);
    }
  });

  it('accepts extra boolean flags for start.ts', () => {
    const parsed = parseConfig(['--skip-build'], {}, ['skip-build']);
    expect(parsed.kind === 'config' && parsed.rest).toEqual({ 'skip-build': true });
  });
});

describe('banner', () => {
  it('shows the endpoint on localhost and where the secret is kept, never the secret', () => {
    const config = configOf([]);
    const file = path.join(process.cwd(), 'server', 'data', 'receiver-credentials.json');
    const text = banner(config, 8787, { file });
    expect(text).toContain('Endpoint URL:     http://localhost:8787/v1/captures');
    expect(text).toContain(
      'Signing secret:   kept in server/data/receiver-credentials.json (npm start -- --show-secret prints it)',
    );
    expect(text).not.toMatch(/whsec_/);
    expect(text).toContain('Wall of wins:     http://localhost:8787/');
  });

  it('never shows a secret, token or database URL the user gave', () => {
    const secret = generateSecret();
    const url = 'postgres://receiver:db-password@db.internal/sourced';
    const text = banner(
      configOf(['--token', 'tok-123'], { SOURCED_SECRET: secret, DATABASE_URL: url }),
      8787,
    );
    expect(text).not.toContain(secret);
    expect(text).not.toContain('tok-123');
    expect(text).not.toContain('db-password');
    expect(text).toContain('PostgreSQL (DATABASE_URL)');
  });

  it('shows the review page and where the reviewer token is kept, never the token', () => {
    const config = configOf([], { SOURCED_REVIEWER_TOKEN: 'rvw_given_token_123456' });
    const file = path.join(process.cwd(), 'server', 'data', 'reviewer-token');
    const kept = banner(config, 8787, { reviewer: { source: 'file', file } });
    expect(kept).toContain('Review page:      http://localhost:8787/review');
    expect(kept).toContain('Reviewer token:   kept in server/data/reviewer-token');
    expect(kept).toContain('sign in with the reviewer or viewer token');
    const given = banner(config, 8787, { reviewer: { source: 'env' } });
    expect(given).not.toContain('rvw_given_token_123456');
    expect(given).toContain('Reviewer token:   the one you gave (not shown)');
    expect(banner(configOf(['--public-wall']), 8787)).toContain('(public: --public-wall)');
  });

  it('uses the public URL or the host as given', () => {
    expect(displayUrl({ host: '10.0.0.5', publicUrl: undefined }, 80)).toBe('http://10.0.0.5:80');
    expect(displayUrl({ host: '::1', publicUrl: undefined }, 8787)).toBe('http://localhost:8787');
    expect(displayUrl({ host: '0.0.0.0', publicUrl: 'https://wins.example.com/' }, 8787)).toBe(
      'https://wins.example.com',
    );
  });
});

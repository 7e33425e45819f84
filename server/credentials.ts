/**
 * The receiver's own credentials, kept in its data directory: the signing secret generated at the
 * first start (and the bearer token, once one is made), reused at every start, rotated with a
 * grace period. The file is written with mode 0600 and replaced atomically; a receiver that is
 * running re-reads it within seconds, so a rotation needs no restart.
 *
 * During a rotation the file holds the new value and the old one with its `retiresAt`: both are
 * accepted until then (Standard Webhooks lets a sender put several signatures in one header, and
 * the receiver accepts any secret in force), and the old one is refused after it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { signingKey, type CredentialSource } from './auth';

export const CREDENTIALS_FILE = 'receiver-credentials.json';
export const DEFAULT_GRACE_HOURS = 24;

const Entry = z.object({
  value: z.string().min(1),
  createdAt: z.iso.datetime(),
  retiresAt: z.iso.datetime().optional(),
});
const FileSchema = z.object({
  version: z.literal(1),
  signing: z.array(Entry),
  tokens: z.array(Entry),
});

export type StoredCredential = z.infer<typeof Entry>;
export type CredentialsFile = z.infer<typeof FileSchema>;
export type CredentialKind = 'signing' | 'tokens';

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, CREDENTIALS_FILE);
}

/** A new `whsec_` secret: 32 random bytes, base64. */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A new bearer token: 32 random bytes, base64url. */
export function generateToken(): string {
  return `sourced_${randomBytes(32).toString('base64url')}`;
}

const empty = (): CredentialsFile => ({ version: 1, signing: [], tokens: [] });

/** The file's content, or undefined when there is none. Throws a plain-words error otherwise. */
export function readCredentials(file: string): CredentialsFile | undefined {
  let text: string;
  try {
    const stat = fs.statSync(file);
    // Like ssh with a private key: a secret others can read is refused, not silently used.
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new Error(`${file} can be read by other users: run chmod 600 on it.`);
    }
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed;
  try {
    parsed = FileSchema.parse(JSON.parse(text));
  } catch {
    throw new Error(
      `${file} is not a receiver credentials file: restore it, or remove it to start anew.`,
    );
  }
  for (const entry of parsed.signing) {
    try {
      signingKey(entry.value);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  return parsed;
}

/** Writes the file with mode 0600, atomically (a reader sees the old or the new file, whole). */
export function writeCredentials(file: string, data: CredentialsFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

const retired = (entry: StoredCredential, nowMs: number) =>
  entry.retiresAt !== undefined && Date.parse(entry.retiresAt) <= nowMs;

/** The values in force at `nowMs`, newest first. */
export function inForce(entries: readonly StoredCredential[], nowMs: number): string[] {
  return entries
    .filter((entry) => !retired(entry, nowMs))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .map((entry) => entry.value);
}

function prune(data: CredentialsFile, nowMs: number): boolean {
  const before = data.signing.length + data.tokens.length;
  data.signing = data.signing.filter((entry) => !retired(entry, nowMs));
  data.tokens = data.tokens.filter((entry) => !retired(entry, nowMs));
  return data.signing.length + data.tokens.length !== before;
}

/**
 * The stored signing secret, generated and saved when there is none. `generated` is the new
 * secret when this call made it: the caller shows it once.
 */
export function ensureSigningSecret(
  file: string,
  nowMs = Date.now(),
): { data: CredentialsFile; generated?: string } {
  const data = readCredentials(file) ?? empty();
  const pruned = prune(data, nowMs);
  if (data.signing.length > 0) {
    if (pruned) writeCredentials(file, data);
    return { data };
  }
  const generated = generateSecret();
  data.signing.push({ value: generated, createdAt: new Date(nowMs).toISOString() });
  writeCredentials(file, data);
  return { data, generated };
}

export interface Rotation {
  /** The new value, in force at once. */
  value: string;
  /** When the values it replaces stop being accepted; undefined when there were none. */
  retiresAt?: string;
}

/**
 * Adds a new signing secret or bearer token; those in force stay valid for `graceHours` more
 * (never longer than they already were), then are refused.
 */
export function rotate(
  file: string,
  kind: CredentialKind,
  graceHours = DEFAULT_GRACE_HOURS,
  nowMs = Date.now(),
): Rotation {
  if (!(graceHours >= 0)) throw new Error('The grace period must be 0 hours or more.');
  const data = readCredentials(file) ?? empty();
  prune(data, nowMs);
  const list = data[kind];
  const retiresAtMs = nowMs + graceHours * 3_600_000;
  const retiresAt = new Date(retiresAtMs).toISOString();
  for (const entry of list) {
    if (entry.retiresAt === undefined || Date.parse(entry.retiresAt) > retiresAtMs) {
      entry.retiresAt = retiresAt;
    }
  }
  const value = kind === 'signing' ? generateSecret() : generateToken();
  const had = list.length > 0;
  // Created a millisecond later than anything in the list, so "newest first" is never a tie.
  const createdAt = Math.max(nowMs, ...list.map((e) => Date.parse(e.createdAt) + 1));
  list.push({ value, createdAt: new Date(createdAt).toISOString() });
  if (graceHours === 0) prune(data, nowMs);
  writeCredentials(file, data);
  return { value, ...(had ? { retiresAt } : {}) };
}

export interface LiveCredentials extends CredentialSource {
  /** Stops watching the file. */
  close(): void;
}

/**
 * Credentials read from the file and re-read when it changes (checked every `pollMs`), with
 * given values taking the place of the stored ones: `secrets` (undefined: stored; null:
 * unsigned) and `tokens` (undefined: stored).
 */
export function liveCredentials(
  file: string,
  given: { secrets?: readonly string[] | null; tokens?: readonly string[] },
  options: { pollMs?: number; onReloadError?: (error: Error) => void } = {},
): LiveCredentials {
  const givenKeys = given.secrets ? given.secrets.map(signingKey) : given.secrets;
  let stored = readCredentials(file) ?? empty();
  let keys = new Map<string, Buffer>();
  const keyOf = (secret: string) => {
    let key = keys.get(secret);
    if (!key) keys.set(secret, (key = signingKey(secret)));
    return key;
  };
  const stamp = () => {
    try {
      const stat = fs.statSync(file);
      return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      return 'none';
    }
  };
  let seen = stamp();
  const timer = setInterval(() => {
    const now = stamp();
    if (now === seen) return;
    seen = now;
    try {
      stored = readCredentials(file) ?? empty();
      keys = new Map();
    } catch (error) {
      // The last good credentials stay in force.
      options.onReloadError?.(error as Error);
    }
  }, options.pollMs ?? 2000);
  timer.unref();
  return {
    signingKeys: (nowMs) =>
      givenKeys === null ? undefined : (givenKeys ?? inForce(stored.signing, nowMs).map(keyOf)),
    tokens: (nowMs) => given.tokens ?? inForce(stored.tokens, nowMs),
    close: () => clearInterval(timer),
  };
}

/**
 * The reviewer token: from SOURCED_REVIEWER_TOKEN, or generated once and kept in the data
 * directory (readable by its owner only), so that reviewers keep their credential across restarts.
 * It is never the delivery secret or token: the people who confirm wins are not the extension.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REVIEWER_TOKEN_FILE = 'reviewer-token';

export interface ReviewerToken {
  token: string;
  /** env: given by the operator (never printed); file: kept from an earlier start; new: made now. */
  source: 'env' | 'file' | 'new';
  file?: string;
}

export function generateReviewerToken(): string {
  return `rvw_${randomBytes(32).toString('base64url')}`;
}

export function resolveReviewerToken(given: string | undefined, dataDir: string): ReviewerToken {
  if (given !== undefined) return { token: given, source: 'env' };
  const file = path.join(dataDir, REVIEWER_TOKEN_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // `wx`: two receivers starting together never overwrite each other's token.
    const token = generateReviewerToken();
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    return { token, source: 'new', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  // A copy others can read is no longer a secret of this receiver's owner: tighten it.
  if (mode & 0o077) fs.chmodSync(file, 0o600);
  const token = fs.readFileSync(file, 'utf8').trim();
  if (token.length < 16) {
    throw new Error(
      `The reviewer token file ${file} is empty or too short: delete it to make a new one.`,
    );
  }
  return { token, source: 'file', file };
}

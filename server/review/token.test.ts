// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REVIEWER_TOKEN_FILE, resolveReviewerToken } from './token';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sourced-reviewer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the reviewer token', () => {
  it('is generated once, kept readable by its owner only, and the same on the next start', () => {
    const dataDir = path.join(dir, 'data');
    const first = resolveReviewerToken(undefined, dataDir);
    expect(first.source).toBe('new');
    expect(first.token).toMatch(/^rvw_[A-Za-z0-9_-]{43}$/);
    const file = path.join(dataDir, REVIEWER_TOKEN_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = resolveReviewerToken(undefined, dataDir);
    expect(again).toEqual({ token: first.token, source: 'file', file });
  });

  it('tightens a kept file that others could read', () => {
    const dataDir = path.join(dir, 'loose');
    const { token } = resolveReviewerToken(undefined, dataDir);
    const file = path.join(dataDir, REVIEWER_TOKEN_FILE);
    fs.chmodSync(file, 0o644);
    expect(resolveReviewerToken(undefined, dataDir).token).toBe(token);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses the given token without touching the disk, and refuses an empty file', () => {
    const dataDir = path.join(dir, 'given');
    expect(resolveReviewerToken('rvw_given_0123456789', dataDir)).toEqual({
      token: 'rvw_given_0123456789',
      source: 'env',
    });
    expect(fs.existsSync(dataDir)).toBe(false);
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, REVIEWER_TOKEN_FILE), '\n', { mode: 0o600 });
    expect(() => resolveReviewerToken(undefined, dataDir)).toThrow(/empty or too short/);
  });
});

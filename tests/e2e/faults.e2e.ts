/**
 * The browser killed (SIGKILL, no shutdown) right after a save and in the middle of a delivery,
 * then started again with the same profile: nothing lost, nothing duplicated.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import shared from '../fixtures/EXPECTED.json';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import {
  fixture,
  formIn,
  launch,
  pageMessage,
  saveEndpointDirectly,
  storedCaptures,
  type Session,
} from './harness';

const feed = shared.fixtures['linkedin-feed.html'];
let profileDir: string;
let endpoint: TestEndpoint;
let session: Session | undefined;
let extensionId: string | undefined;

beforeEach(async () => {
  profileDir = mkdtempSync(path.join(tmpdir(), 'sourced-faults-'));
  extensionId = undefined;
  endpoint = await startEndpoint();
});
afterEach(async () => {
  await session?.close().catch(() => {});
  await endpoint.close();
  rmSync(profileDir, { recursive: true, force: true });
});

/** Kill every process of the browser that uses this profile, as a crash or power cut would. */
async function killBrowser(): Promise<void> {
  const running = () => {
    try {
      execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profileDir}`]);
      return true;
    } catch {
      return false; // pgrep exits 1 when nothing matched
    }
  };
  while (running()) {
    try {
      execFileSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${profileDir}`]);
    } catch {
      // gone meanwhile
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // A killed Chromium leaves its single-instance lock behind, as after a power cut.
  for (const name of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) {
    rmSync(path.join(profileDir, name), { force: true });
  }
}

async function start(): Promise<Session> {
  session = await launch({ profileDir, extensionId });
  extensionId = session.extensionId;
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  return session;
}

async function flagFirstPost(s: Session, button: 'sourced-save-draft' | 'sourced-submit') {
  const page = await s.context.newPage();
  await page.goto(feed.page_url);
  await page
    .locator(`[data-sourced-post-id="${feed.posts[0]!.id}"]`)
    .getByTestId('sourced-flag')
    .click();
  await formIn(page).getByTestId('sourced-note').fill('Kept across a crash.');
  await formIn(page).getByTestId(button).click();
  await page.getByTestId('sourced-toast').waitFor();
}

test('killed right after a confirmed save: the draft is there after a restart, once', async () => {
  const first = await start();
  await flagFirstPost(first, 'sourced-save-draft');
  await killBrowser();
  session = undefined;

  const second = await start();
  const captures = await storedCaptures(await second.options());
  expect(captures).toHaveLength(1);
  expect(captures[0]).toMatchObject({ status: 'draft', outcome: { note: 'Kept across a crash.' } });
});

test('killed in the middle of a delivery: delivered after a restart, once by event id', async () => {
  const first = await start();
  const options = await first.options();
  await saveEndpointDirectly(options, { url: endpoint.url, signingSecret: endpoint.secret });
  endpoint.reply({ hold: true });
  await flagFirstPost(first, 'sourced-submit');
  await expect.poll(() => endpoint.received.length, { timeout: 10_000 }).toBe(1);
  await killBrowser();
  session = undefined;

  const second = await start();
  const page = await second.options();
  // The worker resumes on its own at start-up; "sync now" only hurries it.
  await pageMessage(page, 'syncNow').catch(() => undefined);
  await expect
    .poll(async () => (await storedCaptures(page))[0]?.status, { timeout: 15_000 })
    .toBe('delivered');
  const captures = await storedCaptures(page);
  expect(captures).toHaveLength(1);
  expect(new Set(endpoint.received.map((r) => r.headers['webhook-id']))).toEqual(
    new Set([`${captures[0]!.id}.1`]),
  );
  expect(endpoint.accepted.size).toBe(1);
});

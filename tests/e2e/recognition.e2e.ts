/**
 * Issue 15 end to end, in real Chromium against the real receiver started as `npm start` starts it
 * (server/start.ts, in a child process, configured by its environment): two employees, each in
 * their own browser profile, flag the same LinkedIn post and submit; the receiver holds one win
 * with both names; a reviewer signs in to /review and confirms it; both popups then say
 * "Confirmed by …" after reopening. A reviewer's decline shows its comment as text; "Any news?"
 * moves a stale capture on in one step, which is a new revision and pending again. A v1 endpoint
 * (no status URL) shows no status and no error.
 *
 * SOURCED_SCREENSHOTS=<folder> saves the popup's states there (for notes on the issue).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import shared from '../fixtures/EXPECTED.json';
import { startEndpoint, type TestEndpoint } from './endpoint-server';
import {
  fixture,
  launch,
  putRecords,
  saveEndpointDirectly,
  storedCaptures,
  type Session,
} from './harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const feed = shared.fixtures['linkedin-feed.html'];
/** Two posts of the feed with an id (the capture's post key is that id). */
const POST = { id: feed.posts[0]!.id! };
const OTHER_POST = { id: feed.posts[3]!.id! };
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const REVIEWER_TOKEN = `rvw_${randomBytes(18).toString('hex')}`;
const SHOTS = process.env.SOURCED_SCREENSHOTS;

let receiver: { url: string; child: ChildProcess; dataDir: string; output: () => string };
let ada: Session;
let bo: Session;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm start -- --skip-build`: the same script, its configuration from the environment. */
async function startReceiverLikeNpmStart() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sourced-receiver-'));
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/start.ts', '--skip-build'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SOURCED_PORT: String(port),
        SOURCED_SECRET: SECRET,
        SOURCED_REVIEWER_TOKEN: REVIEWER_TOKEN,
        SOURCED_DB: path.join(dataDir, 'sourced.sqlite'),
        SOURCED_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The receiver exited:\n${output}`);
    const healthy = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`The receiver did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, child, dataDir, output: () => output };
}

beforeAll(async () => {
  receiver = await startReceiverLikeNpmStart();
}, 60_000);
afterAll(async () => {
  await ada?.close();
  await bo?.close();
  if (receiver) {
    const exited = new Promise((resolve) => receiver.child.once('exit', resolve));
    receiver.child.kill('SIGTERM');
    await exited;
    rmSync(receiver.dataDir, { recursive: true, force: true });
  }
});

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

/** An employee's browser: identity and endpoint set in the options page, as a user does. */
async function employee(name: string, team: string, email: string): Promise<Session> {
  const session = await launch();
  const options = await session.options();
  await options.getByTestId('employee-name').fill(name);
  await options.getByTestId('employee-email').fill(email);
  await options.getByTestId('employee-team').fill(team);
  await options.getByTestId('endpoint-url').fill(`${receiver.url}/v1/captures`);
  await options.getByTestId('endpoint-secret').fill(SECRET);
  await options.getByTestId('settings-save').click();
  await expect.poll(() => options.getByTestId('settings-status').textContent()).toBe('Saved.');
  await options.close();
  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  return session;
}

/** Flag a post of the feed and submit the form. */
async function flagAndSubmit(
  session: Session,
  post: { id: string },
  outcome: { type: string; stage: string; note: string },
) {
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  await page.locator(`[data-sourced-post-id="${post.id}"]`).getByTestId('sourced-flag').click();
  // In the page's shadow root, or in its extension-origin frame once the form moves there.
  const inPage = page.getByTestId('sourced-form');
  const inFrame = page
    .frameLocator('[data-testid="sourced-form-frame"]')
    .getByTestId('sourced-form');
  const form = await Promise.any([
    inPage.waitFor().then(() => inPage),
    inFrame.waitFor().then(() => inFrame),
  ]);
  await form.getByTestId('sourced-outcome-type').selectOption(outcome.type);
  await form.getByTestId('sourced-stage').selectOption(outcome.stage);
  await form.getByTestId('sourced-note').fill(outcome.note);
  await form.getByTestId('sourced-submit').click();
  // Saved once the page says so (the form's frame saves through the background).
  await page.getByTestId('sourced-toast').filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 });
  await page.close();
}

type Stored = { id: string; status: string; revision: number; receipt?: { status?: string } };

/** The capture of `postId` once the receiver accepted it (its receipt read). */
async function delivered(session: Session, postId: string, revision = 1): Promise<Stored> {
  const page = await session.popup();
  let found: Stored | undefined;
  await expect
    .poll(
      async () => {
        const all = (await storedCaptures(page)) as unknown as (Stored & { postKey: string })[];
        found = all.find((c) => c.postKey === postId);
        return found && found.status === 'delivered' && found.revision === revision;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  await page.close();
  return found!;
}

/**
 * Close the popup and open it again until the capture's recognition line reads `state`: each
 * opening asks the background to check, and a check asks the receiver again after a few seconds.
 */
async function reopenUntil(session: Session, captureId: string, state: string): Promise<Page> {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const popup = await session.popup();
    const line = popup
      .locator(`[data-testid="capture-item"][data-capture-id="${captureId}"]`)
      .getByTestId('capture-recognition');
    const seen = await line
      .waitFor({ timeout: 3_000 })
      .then(() => line.getAttribute('data-state'))
      .catch(() => undefined);
    if (seen === state) {
      // Let the check this opening started settle, so the next one starts clean.
      await popup.waitForTimeout(300);
      return popup;
    }
    await popup.close();
    if (Date.now() > deadline) throw new Error(`the popup never showed ${state} (last: ${seen})`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

const recognitionLine = (popup: Page, captureId: string) =>
  popup
    .locator(`[data-testid="capture-item"][data-capture-id="${captureId}"]`)
    .getByTestId('capture-recognition');

test('two employees flag one post → one win with both names → a reviewer confirms → both popups say who confirmed it', async () => {
  ada = await employee('Ada Example', 'Enterprise Sales', 'ada@example.com');
  bo = await employee('Bo Martin', 'Solutions', 'bo@example.com');
  await flagAndSubmit(ada, POST, {
    type: 'deal',
    stage: 'won',
    note: 'Their platform lead replied to my comment; we signed after two demos.',
  });
  await flagAndSubmit(bo, POST, {
    type: 'deal',
    stage: 'in_progress',
    note: 'Ran the technical demo they asked for under the post.',
  });
  // Ada also records a hire the reviewer will decline.
  await flagAndSubmit(ada, OTHER_POST, { type: 'hire', stage: 'won', note: 'Met a new SRE.' });
  const adaCapture = await delivered(ada, POST.id);
  const boCapture = await delivered(bo, POST.id);
  const adaHire = await delivered(ada, OTHER_POST.id);

  // v1.1: the receipt named the capture's state document, on the endpoint's own origin.
  expect(adaCapture.receipt?.status).toBe(`${receiver.url}/v1/captures/${adaCapture.id}`);
  expect(boCapture.receipt?.status).toBe(`${receiver.url}/v1/captures/${boCapture.id}`);

  // Delivered, not reviewed yet: pending in the popup.
  const pending = await reopenUntil(ada, adaCapture.id, 'pending');
  expect(await recognitionLine(pending, adaCapture.id).textContent()).toContain(
    'Awaiting confirmation',
  );
  await shot(pending, 'popup-recognition-pending.png');
  await pending.close();

  // One win on the receiver, crediting both.
  const state = await (await fetch(`${receiver.url}/v1/captures/${adaCapture.id}`)).json();
  expect(state).toMatchObject({ captureId: adaCapture.id, state: 'pending' });
  expect((state as { credits: { name: string }[] }).credits.map((c) => c.name).sort()).toEqual([
    'Ada Example',
    'Bo Martin',
  ]);

  // The reviewer signs in to /review (a browser of their own) and confirms the shared win.
  const reviewer = await launch();
  const review = await reviewer.context.newPage();
  await review.goto(`${receiver.url}/review`);
  await review.getByTestId('review-token').fill(REVIEWER_TOKEN);
  await review.getByTestId('review-name').fill('Dana Reviewer');
  await review.getByTestId('review-login').click();
  await review.waitForURL(`${receiver.url}/review`);
  const items = review.getByTestId('review-item');
  await items.first().waitFor();
  expect(await items.count()).toBe(2);
  const win = items.filter({ hasText: 'Bo Martin' });
  expect(await win.textContent()).toContain('Ada Example');
  await win.getByTestId('review-comment').fill('Signed a 3-year platform deal.');
  await win.getByTestId('review-confirm').click();
  await review.waitForURL(/done=confirmed/);
  const hire = items.filter({ hasText: 'Met a new SRE.' });
  await hire.getByTestId('review-comment').fill('<b>Not</b> from this post <img src=x>');
  await hire.getByTestId('review-decline').click();
  await review.waitForURL(/done=declined/);
  await reviewer.close();

  // Both employees see who confirmed it after reopening the popup, and with whom they share it.
  const adaPopup = await reopenUntil(ada, adaCapture.id, 'confirmed');
  expect(await recognitionLine(adaPopup, adaCapture.id).textContent()).toBe(
    'Confirmed by Dana Reviewer · shared with Bo Martin',
  );
  const declined = await reopenUntil(ada, adaHire.id, 'declined');
  const no = recognitionLine(declined, adaHire.id);
  expect(await no.textContent()).toBe(
    'Declined by Dana Reviewer: <b>Not</b> from this post <img src=x>',
  );
  expect(await no.locator('b, img').count()).toBe(0);
  await shot(declined, 'popup-recognition-confirmed-and-declined.png');
  await declined.close();
  await adaPopup.close();

  const boPopup = await reopenUntil(bo, boCapture.id, 'confirmed');
  expect(await recognitionLine(boPopup, boCapture.id).textContent()).toBe(
    'Confirmed by Dana Reviewer · shared with Ada Example',
  );
  await shot(boPopup, 'popup-recognition-confirmed.png');
  await boPopup.close();

  // A month later Bo's deal is still "in progress": "Any news?" asks, and one click says won.
  const page = await bo.popup();
  const [stored] = (await storedCaptures(page)).filter((c) => c.id === boCapture.id);
  const monthAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
  await putRecords(page, 'captures', [{ ...stored, updatedAt: monthAgo }]);
  await page.close();
  const news = await bo.popup();
  const item = news.getByTestId('followup-list').getByTestId('followup-item');
  await item.waitFor({ timeout: 10_000 });
  expect(await item.getAttribute('data-capture-id')).toBe(boCapture.id);
  await shot(news, 'popup-followup-any-news.png');
  await item.locator('[data-testid="followup-stage"][data-stage="won"]').click();
  await news.getByTestId('followup-list').waitFor({ state: 'detached', timeout: 10_000 });
  await news.close();

  // The update is revision 2, delivered as capture.updated: pending again on both ends.
  const updated = await delivered(bo, POST.id, 2);
  expect(updated.revision).toBe(2);
  const afterUpdate = await (await fetch(`${receiver.url}/v1/captures/${boCapture.id}`)).json();
  expect(afterUpdate).toMatchObject({ revision: 2, state: 'pending' });
  const again = await reopenUntil(bo, boCapture.id, 'pending');
  await shot(again, 'popup-recognition-pending-after-update.png');
  await again.close();
  // Ada's own confirmation stands.
  const adaAgain = await reopenUntil(ada, adaCapture.id, 'confirmed');
  await adaAgain.close();
}, 180_000);

test('a v1 endpoint (no status URL) shows no status and no error', async () => {
  let endpoint: TestEndpoint | undefined;
  let session: Session | undefined;
  try {
    endpoint = await startEndpoint();
    session = await launch();
    const options = await session.options();
    await saveEndpointDirectly(options, { url: endpoint.url, signingSecret: endpoint.secret });
    await options.close();
    session.serve(feed.page_url, fixture('linkedin-feed.html'));
    await flagAndSubmit(session, POST, { type: 'lead', stage: 'identified', note: 'A v1 lead.' });
    const capture = await delivered(session, POST.id);
    expect(capture.receipt?.status).toBeUndefined();
    // Opened twice: each opening would ask a v1.1 endpoint.
    (await session.popup()).close().catch(() => {});
    const popup = await session.popup();
    const row = popup.locator(`[data-testid="capture-item"][data-capture-id="${capture.id}"]`);
    await row.waitFor();
    await popup.waitForTimeout(1_500);
    expect(await row.getByTestId('capture-recognition').count()).toBe(0);
    expect(await row.getAttribute('data-status')).toBe('delivered');
    expect(await popup.locator('[role="alert"]:not(:empty), .error:not(:empty)').count()).toBe(0);
    // Only the delivery reached the endpoint: nothing asked it for a state.
    expect(endpoint.received).toHaveLength(1);
    await shot(popup, 'popup-v1-endpoint-no-status.png');

    // "Any news?" works without v1.1 too; the badge counts it only once the option is on.
    const [stored] = (await storedCaptures(popup)).filter((c) => c.id === capture.id);
    const monthAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await putRecords(popup, 'captures', [{ ...stored, updatedAt: monthAgo }]);
    const worker = await session.worker();
    const badge = () =>
      worker.evaluate(() =>
        (
          globalThis as unknown as {
            chrome: { action: { getBadgeText: (d: object) => Promise<string> } };
          }
        ).chrome.action.getBadgeText({}),
      );
    const settings = await session.options();
    await settings.getByTestId('followup-days').waitFor();
    expect(await settings.getByTestId('followup-days').inputValue()).toBe('30');
    expect(await badge()).toBe('');
    await settings.getByTestId('followup-badge').check();
    await settings.getByTestId('followup-save').click();
    await expect.poll(() => settings.getByTestId('followup-status').textContent()).toBe('Saved.');
    await expect.poll(badge, { timeout: 10_000 }).toBe('1');
    await shot(settings, 'options-followup.png');
    await settings.close();
  } finally {
    await session?.close();
    await endpoint?.close();
  }
}, 90_000);

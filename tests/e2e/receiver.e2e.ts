/**
 * The whole chain as a new user runs it: the reference receiver (server/) on 127.0.0.1 with a
 * signing secret, the endpoint set in the options page, a post flagged and submitted on LinkedIn,
 * and the win on the receiver's wall page — then an edit arriving as revision 2.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import shared from '../fixtures/EXPECTED.json';
import { startReceiver } from '../../server/receiver';
import { fixture, launch, pageMessage, type Session, formIn } from './harness';

const feed = shared.fixtures['linkedin-feed.html'];
const secret = `whsec_${randomBytes(24).toString('base64')}`;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let session: Session;

beforeAll(async () => {
  // The wall is read without signing in here; receiver-a11y.e2e.ts covers the signed-in pages.
  receiver = await startReceiver({ port: 0, secret, log: () => {}, publicWall: true });
  session = await launch();
});
afterAll(async () => {
  await session?.close();
  await receiver?.stop(1000);
});

test('flag → options → receiver → wall of wins', async () => {
  const options = await session.options();
  await options.getByTestId('employee-name').fill('Ada Example');
  await options.getByTestId('employee-email').fill('ada@example.com');
  await options.getByTestId('employee-team').fill('Enterprise Sales');
  await options.getByTestId('endpoint-url').fill(`${receiver.url}/v1/captures`);
  await options.getByTestId('endpoint-secret').fill(secret);
  await options.getByTestId('settings-save').click();
  await expect.poll(() => options.getByTestId('settings-status').textContent()).toBe('Saved.');
  await options.getByTestId('endpoint-test').click();
  await expect
    .poll(() => options.getByTestId('endpoint-test-result').textContent(), { timeout: 10_000 })
    .toContain('200');

  session.serve(feed.page_url, fixture('linkedin-feed.html'));
  const page = await session.context.newPage();
  await page.goto(feed.page_url);
  const post = feed.posts[0]!;
  await page.locator(`[data-sourced-post-id="${post.id}"]`).getByTestId('sourced-flag').click();
  const form = formIn(page);
  await form.getByTestId('sourced-outcome-type').selectOption('deal');
  await form.getByTestId('sourced-stage').selectOption('won');
  await form.getByTestId('sourced-value-amount').fill('48000');
  await form.getByTestId('sourced-note').fill('Their platform team signed after the runbook post.');
  await form.getByTestId('sourced-submit').click();

  // Not reviewed yet: the wall shows the win with its switch for wins awaiting review.
  const wall = async () => (await fetch(`${receiver.url}/?pending=1`)).text();
  await expect
    .poll(wall, { timeout: 15_000 })
    .toContain('Their platform team signed after the runbook post.');
  const html = await wall();
  expect(html).toContain('Enterprise Sales');
  expect(html).toContain(post.permalink);
  expect(html).toContain('48,000');

  // An edit after delivery is a new revision; the wall shows the new note.
  await page.locator(`[data-sourced-post-id="${post.id}"]`).getByTestId('sourced-flag').click();
  await form.getByTestId('sourced-note').fill('Signed for three years.');
  await form.getByTestId('sourced-submit').click();
  await expect.poll(wall, { timeout: 15_000 }).toContain('Signed for three years.');
  expect(await wall()).not.toContain('Their platform team signed after the runbook post.');
  expect(await pageMessage(options, 'syncNow')).toMatchObject({
    ok: true,
    value: { outcome: 'idle' },
  });
});

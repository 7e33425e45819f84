/**
 * The in-page form through the background: the content script only registers the post; the
 * form frame of the same tab opens it once and saves. Nothing a content script (or a compromised
 * site renderer running as one) can ask returns an outcome or saves one.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { saveCapture, type StoreContext } from '../../lib/capture-store';
import { CONTENT_REQUEST_SCHEMAS } from '../../lib/message-schemas';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import type { FormView } from '../../lib/messages';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { extractedPost, NOW, OUTCOME } from './capture-fixtures';
import { EXTENSION_ID, FRAME_SENDER, formFlow, SITE_SENDER, TAB } from './form-flow';

let db: SourcedDatabase;
let ctx: StoreContext;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`form-${Math.random()}`);
  ctx = {
    db,
    identity: () => effectiveIdentity(db),
    privacy: () => effectivePrivacy(db),
    clientVersion: '0.1.0',
    now: () => NOW,
  };
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const post = extractedPost();
const SECRETS = [OUTCOME.note!, OUTCOME.crmRef!, String(OUTCOME.value!.amount)];

describe('the form frame path', () => {
  test('a click registers the post; the frame opens it and saves a draft, then a submit edits it', async () => {
    const flow = formFlow(ctx);
    expect((await flow.save(post, OUTCOME, false)).ok).toBe(true);
    const [draft] = await db.captures.toArray();
    expect(draft).toMatchObject({ status: 'draft', postKey: post.key, outcome: OUTCOME });
    // The tab hears that the form closed, with the capture's id and status, and whether an
    // endpoint is set (a yes or no, to word a submission truly), and nothing else.
    // (after the frame has its answer: the content script then removes the frame)
    await vi.waitFor(() =>
      expect(flow.notified).toEqual([
        {
          tabId: TAB,
          form: expect.any(String),
          saved: { id: draft!.id, status: 'draft', endpointSet: false },
        },
      ]),
    );

    // The flag clicked again: the frame gets the capture to edit, and the save edits it.
    await flow.fromContent('openForm', { post, theme: 'dark' });
    const view = await flow.fromFrame('formOpen');
    expect(view).toMatchObject({
      ok: true,
      value: {
        theme: 'dark',
        post: { platform: 'linkedin', author: 'Priya Lorem' },
        capture: { id: draft!.id, status: 'draft', outcome: OUTCOME },
      },
    });
    const session = (view as { value: FormView }).value.session;
    const saved = await flow.fromFrame('formSave', {
      session,
      outcome: { ...OUTCOME, stage: 'lost' },
      submit: true,
    });
    expect(saved).toEqual({
      ok: true,
      value: { id: draft!.id, status: 'queued', endpointSet: false },
    });
    expect(await db.captures.count()).toBe(1);
    expect((await db.captures.get(draft!.id))?.outcome.stage).toBe('lost');
  });

  test('the frame gets a registration once; a second frame of the tab gets nothing', async () => {
    const flow = formFlow(ctx);
    await flow.fromContent('openForm', { post, theme: 'light' });
    expect((await flow.fromFrame('formOpen')).ok).toBe(true);
    const again = await flow.fromFrame('formOpen');
    expect(again).toEqual({ ok: false, error: expect.stringContaining('expired') });
  });

  test('a registration waits 30 s for its frame', async () => {
    let clock = 1_000_000;
    const flow = formFlow(ctx, () => clock);
    await flow.fromContent('openForm', { post, theme: 'light' });
    clock += 31_000;
    expect((await flow.fromFrame('formOpen')).ok).toBe(false);
  });

  test('the frame of another tab can neither open nor save the form', async () => {
    const flow = formFlow(ctx);
    await flow.fromContent('openForm', { post, theme: 'light' });
    const otherTab = { ...FRAME_SENDER, tab: { ...FRAME_SENDER.tab, id: TAB + 1 } };
    expect((await flow.fromFrame('formOpen', undefined, otherTab)).ok).toBe(false);
    const view = (await flow.fromFrame('formOpen')) as { value: FormView };
    const saved = await flow.fromFrame(
      'formSave',
      { session: view.value.session, outcome: OUTCOME, submit: true },
      otherTab,
    );
    expect(saved.ok).toBe(false);
    expect(await db.captures.count()).toBe(0);
  });

  test('Cancel forgets the form and tells the tab that nothing was saved', async () => {
    const flow = formFlow(ctx);
    await flow.fromContent('openForm', { post, theme: 'light' });
    const view = (await flow.fromFrame('formOpen')) as { value: FormView };
    expect(await flow.fromFrame('formClose', { session: view.value.session })).toEqual({
      ok: true,
      value: null,
    });
    await vi.waitFor(() =>
      expect(flow.notified).toEqual([{ tabId: TAB, form: view.value.session, saved: null }]),
    );
    const late = await flow.fromFrame('formSave', {
      session: view.value.session,
      outcome: OUTCOME,
      submit: false,
    });
    expect(late.ok).toBe(false);
    expect(flow.store.data.size).toBe(0);
  });

  test('a 100,000-character post is accepted, previewed in 280 characters and stored as a short excerpt', async () => {
    const flow = formFlow(ctx);
    const long = extractedPost({ text: 'x'.repeat(150_000) });
    await flow.fromContent('openForm', { post: long, theme: 'light' });
    const view = (await flow.fromFrame('formOpen')) as { value: FormView };
    expect(view.value.post.excerpt).toHaveLength(280);
    await flow.fromFrame('formSave', {
      session: view.value.session,
      outcome: OUTCOME,
      submit: false,
    });
    const [stored] = await db.captures.toArray();
    expect(stored?.post.excerpt).toHaveLength(280);
  });

  test('a storage failure becomes a plain error and the reply still arrives', async () => {
    const flow = formFlow(ctx);
    db.close();
    const reply = await flow.save(post, OUTCOME, false);
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/database|went wrong/) });
  });
});

describe('who may speak as the form frame', () => {
  test.each([
    ['the content script (a site page)', SITE_SENDER],
    [
      'the popup (no tab)',
      { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` },
    ],
    [
      'another page of this extension in a tab',
      { ...FRAME_SENDER, url: `chrome-extension://${EXTENSION_ID}/options.html` },
    ],
    ['another extension', { ...FRAME_SENDER, id: 'other-extension' }],
    [
      'another extension’s frame page',
      { ...FRAME_SENDER, url: 'chrome-extension://other-extension/capture-frame.html' },
    ],
    [
      'our frame in a page that is not a supported site',
      { ...FRAME_SENDER, tab: { id: TAB, url: 'https://evil.example/' } },
    ],
  ])('%s is refused: no view, no save', async (_, sender) => {
    const flow = formFlow(ctx);
    await saveCapture(ctx, { post, outcome: OUTCOME, submit: false });
    await flow.fromContent('openForm', { post, theme: 'light' });
    const view = await flow.fromFrame('formOpen', undefined, sender);
    expect(view.ok).toBe(false);
    expect(JSON.stringify(view)).not.toContain(OUTCOME.note);
    // The real frame still gets its form: the refused sender consumed nothing.
    const real = (await flow.fromFrame('formOpen')) as { value: FormView };
    const save = await flow.fromFrame(
      'formSave',
      { session: real.value.session, outcome: { ...OUTCOME, note: 'forged' }, submit: true },
      sender,
    );
    expect(save.ok).toBe(false);
    expect((await db.captures.toArray())[0]).toMatchObject({ status: 'draft', outcome: OUTCOME });
  });
});

test('no content message answers with an outcome, whatever it is asked', async () => {
  const flow = formFlow(ctx);
  await saveCapture(ctx, { post, outcome: OUTCOME, submit: false });
  const asks: [string, unknown][] = [
    ['flagStates', { postKeys: [post.key] }],
    ['openForm', { post, theme: 'light' }],
    ['captureForPost', { postKey: post.key }],
    ['saveCapture', { post, outcome: OUTCOME, submit: true }],
    ['layoutReport', { problem: 'no-posts' }],
    ['loadReader', {}],
    ['formOpen', undefined],
    ['formSave', { session: crypto.randomUUID(), outcome: OUTCOME, submit: true }],
  ];
  // Every content type is asked (a new one added later is covered by this list or fails here).
  for (const type of Object.keys(CONTENT_REQUEST_SCHEMAS)) {
    expect(asks.map(([t]) => t)).toContain(type);
  }
  for (const [type, data] of asks) {
    const reply = JSON.stringify(await flow.fromContent(type, data));
    for (const secret of SECRETS) expect(reply, `${type} answered ${reply}`).not.toContain(secret);
  }
  expect((await db.captures.toArray())[0]?.status).toBe('draft');
});

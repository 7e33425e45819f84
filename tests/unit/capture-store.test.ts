import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { saveCapture, type StoreContext } from '../../lib/capture-store';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { saveIdentity, saveLocalPrivacy } from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { extractedPost, NOW, OUTCOME } from './capture-fixtures';
import { EXTENSION_ID, formFlow, SITE_SENDER } from './form-flow';

let db: SourcedDatabase;
let ctx: StoreContext;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDatabase(`store-${Math.random()}`);
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

describe('saving from a page', () => {
  test('creates a draft with the identity, a hashed text and an excerpt cut to the privacy setting', async () => {
    await saveIdentity(db, { name: 'Ada Example', email: 'ada@example.com', team: 'Sales' });
    await saveLocalPrivacy(db, { excerptLength: 10, keepAuthorNames: true });
    const post = extractedPost({ text: 'Héllo 👋 world, this is long' });
    const saved = await saveCapture(ctx, { post, outcome: OUTCOME, submit: false });
    expect(saved).toMatchObject({
      status: 'draft',
      revision: 1,
      postKey: post.key,
      employee: { name: 'Ada Example', email: 'ada@example.com', team: 'Sales' },
      post: { id: post.id, excerpt: 'Héllo 👋 w…', author: { name: 'Priya Lorem' } },
    });
    // sha256 of the full normalised text, computed independently.
    const { createHash } = await import('node:crypto');
    expect(saved.post.textSha256).toBe(createHash('sha256').update(post.text).digest('hex'));
    expect(await db.captures.count()).toBe(1);
  });

  test('excerpt length 0 keeps no text and author names can be dropped', async () => {
    await saveLocalPrivacy(db, { excerptLength: 0, keepAuthorNames: false });
    const saved = await saveCapture(ctx, { post: extractedPost(), outcome: OUTCOME, submit: true });
    expect(saved.post.excerpt).toBeUndefined();
    expect(saved.post.author.name).toBeUndefined();
    expect(saved.post.author.url).toBe('https://www.linkedin.com/in/priya-lorem/');
    expect(saved.status).toBe('queued');
  });

  test('a second save of the same post edits its capture instead of duplicating it', async () => {
    const post = extractedPost();
    const first = await saveCapture(ctx, { post, outcome: OUTCOME, submit: false });
    const second = await saveCapture(ctx, {
      post,
      outcome: { ...OUTCOME, stage: 'lost' },
      submit: true,
    });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ status: 'queued', outcome: { stage: 'lost' } });
    expect(await db.captures.count()).toBe(1);
  });
});

describe("the content script's boundary", () => {
  const request = { post: extractedPost(), theme: 'light' };

  test('flag states and a form registration from our content script on LinkedIn are answered', async () => {
    const flow = formFlow(ctx);
    await saveCapture(ctx, { post: request.post, outcome: OUTCOME, submit: false });
    expect(await flow.fromContent('openForm', request)).toEqual({
      ok: true,
      value: { form: expect.any(String) },
    });
    const states = await flow.fromContent('flagStates', {
      postKeys: [request.post.key, 'urn:li:activity:1'],
    });
    expect(states).toEqual({ ok: true, value: [request.post.key] });
  });

  test.each([
    ['another extension', { ...SITE_SENDER, id: 'other-extension' }],
    ['a page that is not a supported site', { ...SITE_SENDER, url: 'https://evil.example/feed/' }],
    ['an http (not https) LinkedIn page', { ...SITE_SENDER, url: 'http://www.linkedin.com/feed/' }],
    [
      'an extension page (no tab)',
      { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` },
    ],
  ])('refuses a message from %s and registers nothing', async (_, sender) => {
    const flow = formFlow(ctx);
    const reply = await flow.fromContent('openForm', request, sender);
    expect(reply.ok).toBe(false);
    expect(flow.store.data.size).toBe(0);
  });

  test.each([
    ['an unknown type', 'deleteEverything', {}],
    // The messages that used to save and read captures from the page are gone.
    [
      'a save from the content script',
      'saveCapture',
      { ...request, outcome: OUTCOME, submit: true },
    ],
    ['a read of a capture by post', 'captureForPost', { postKey: request.post.key }],
    [
      'a post URL with javascript:',
      'openForm',
      { ...request, post: { ...request.post, url: 'javascript:alert(1)' } },
    ],
    // A number where an id string belongs: ids exceed 2^53 and must never travel as numbers.
    ['a numeric post key', 'flagStates', { postKeys: [7462783475389644] }],
    ['a theme outside the list', 'openForm', { ...request, theme: 'neon' }],
    ['no data at all', 'openForm', undefined],
  ])('refuses %s with an error in words', async (_, type, data) => {
    const flow = formFlow(ctx);
    const reply = await flow.fromContent(type, data);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.length).toBeGreaterThan(10);
    expect(await db.captures.count()).toBe(0);
    expect(flow.store.data.size).toBe(0);
  });
});

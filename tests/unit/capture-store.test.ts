import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { contentHandlers, handleContentMessage } from '../../lib/background/content-handlers';
import { layoutReports } from '../../lib/background/layout-reports';
import { saveCapture, type StoreContext } from '../../lib/capture-store';
import { openDatabase, type SourcedDatabase } from '../../lib/db/database';
import { saveIdentity, saveLocalPrivacy } from '../../lib/settings';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import type { ContentProtocol } from '../../lib/messages';
import { extractedPost, NOW, OUTCOME } from './capture-fixtures';

let db: SourcedDatabase;
let ctx: StoreContext;
const EXTENSION_ID = 'sourced-test-id';
const SITE_SENDER = { id: EXTENSION_ID, url: 'https://www.linkedin.com/feed/', tab: { id: 3 } };

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

describe('the background message boundary', () => {
  const handlers = () =>
    contentHandlers(ctx, { layout: layoutReports(), tabUrl: () => Promise.resolve(undefined) });
  const request = { post: extractedPost(), outcome: OUTCOME, submit: false };

  test('a valid message from our content script on LinkedIn is stored and answered {ok, value}', async () => {
    const reply = await handleContentMessage(
      'saveCapture',
      request,
      SITE_SENDER,
      EXTENSION_ID,
      handlers(),
    );
    expect(reply).toMatchObject({ ok: true, value: { status: 'draft', revision: 1 } });
    const states = await handleContentMessage(
      'flagStates',
      { postKeys: [request.post.key, 'urn:li:activity:1'] },
      SITE_SENDER,
      EXTENSION_ID,
      handlers(),
    );
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
  ])('refuses a message from %s and writes nothing', async (_, sender) => {
    const reply = await handleContentMessage(
      'saveCapture',
      request,
      sender,
      EXTENSION_ID,
      handlers(),
    );
    expect(reply.ok).toBe(false);
    expect(await db.captures.count()).toBe(0);
  });

  test.each([
    ['an unknown type', 'deleteEverything', {}],
    [
      'a post URL with javascript:',
      'saveCapture',
      { ...request, post: { ...request.post, url: 'javascript:alert(1)' } },
    ],
    // A number where an id string belongs: ids exceed 2^53 and must never travel as numbers.
    ['a numeric post key', 'flagStates', { postKeys: [7462783475389644] }],
    [
      'an outcome outside the list',
      'saveCapture',
      { ...request, outcome: { ...OUTCOME, type: 'likes' } },
    ],
    ['no data at all', 'saveCapture', undefined],
  ])('refuses %s with an error in words', async (_, type, data) => {
    const reply = await handleContentMessage(
      type as keyof ContentProtocol,
      data,
      SITE_SENDER,
      EXTENSION_ID,
      handlers(),
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.length).toBeGreaterThan(10);
    expect(await db.captures.count()).toBe(0);
  });

  test('a 100,000-character post is accepted, and stored as a short excerpt', async () => {
    const post = extractedPost({ text: 'x'.repeat(150_000) });
    const reply = await handleContentMessage(
      'saveCapture',
      { ...request, post },
      SITE_SENDER,
      EXTENSION_ID,
      handlers(),
    );
    expect(reply.ok).toBe(true);
    const [stored] = await db.captures.toArray();
    expect(stored?.post.excerpt).toHaveLength(280);
  });

  test('a storage failure becomes a plain error and the reply still arrives', async () => {
    db.close();
    const reply = await handleContentMessage(
      'saveCapture',
      request,
      SITE_SENDER,
      EXTENSION_ID,
      handlers(),
    );
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/database|went wrong/) });
  });
});

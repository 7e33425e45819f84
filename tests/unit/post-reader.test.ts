/**
 * The post reader apart from the content script (lib/sites/reader.ts, components/in-page/reader.ts,
 * lib/background/inject-reader.ts): what the reader installs and reads, how the content script
 * loads it once, and how the background puts it into the sender's frame and nowhere else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readerLoader, ReaderUnavailable } from '../../components/in-page/reader';
import {
  contentHandlers,
  handleContentMessage,
  type MessageSender,
} from '../../lib/background/content-handlers';
import { READER_FILE, readerInjector } from '../../lib/background/inject-reader';
import { layoutReports } from '../../lib/background/layout-reports';
import type { StoreContext } from '../../lib/capture-store';
import { UserFacingError } from '../../lib/errors';
import { linkedinAdapter, xAdapter } from '../../lib/sites';
import { selectorsFor } from '../../lib/sites/linkedin-layout';
import { LOCATORS } from '../../lib/sites/locators';
import { LI } from '../../lib/sites/selectors-linkedin';
import { installReader, postReader } from '../../lib/sites/reader';
import { installedReader, READER_GLOBAL } from '../../lib/sites/reader-handle';
import { FIXTURES_DIR, loadFixture } from '../fixtures/load-page';

const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'EXPECTED.json'), 'utf8')) as {
  fixtures: Record<string, { page_url: string }>;
};

describe('the reader', () => {
  test.each([
    ['linkedin-feed.html', linkedinAdapter],
    ['linkedin-feed-legacy.html', linkedinAdapter],
    ['x-timeline.html', xAdapter],
  ])('reads every post of %s as the site adapter does', (file, adapter) => {
    const page = loadFixture(file, EXPECTED.fixtures[file]!.page_url);
    const posts = adapter.findPosts(page.document);
    expect(posts.length).toBeGreaterThan(0);
    for (const el of posts) {
      expect(postReader.extract(adapter.platform, el, page.url)).toEqual(
        adapter.extract(el, page.url),
      );
    }
    page.close();
  });

  test('the locators the content script carries key posts as the full adapters do', () => {
    expect(LOCATORS.map((l) => l.platform)).toEqual(['linkedin', 'x']);
    for (const file of ['linkedin-feed.html', 'x-timeline.html']) {
      const page = loadFixture(file, EXPECTED.fixtures[file]!.page_url);
      const adapter = file.startsWith('x') ? xAdapter : linkedinAdapter;
      const locator = LOCATORS.find((l) => l.platform === adapter.platform)!;
      for (const el of locator.findPosts(page.document)) {
        const fast = locator.fastKey(el, page.url);
        if (fast !== undefined) expect(fast).toBe(adapter.extract(el, page.url).key);
      }
      page.close();
    }
  });

  test('LinkedIn’s flag slot is the same in both layouts, so the locator looks before telling them apart', () => {
    expect(LI.byLayout.flagSlot.react).toEqual([]);
    expect(selectorsFor('react').flagSlot).toEqual(selectorsFor('ember').flagSlot);
  });

  test('is installed once, hidden from enumeration, and found only when it is whole', () => {
    const world: Record<string, unknown> = {};
    expect(installedReader(world)).toBeUndefined();
    installReader(world);
    expect(installedReader(world)).toBe(postReader);
    expect(Object.keys(world)).toEqual([]);
    // A second injection keeps the first.
    installReader(world);
    expect(installedReader(world)).toBe(postReader);
    expect(installedReader({ [READER_GLOBAL]: { extract: () => ({}) } })).toBeUndefined();
  });
});

describe('the content script’s loader', () => {
  test('asks the background once however many wait, then finds the reader in its world', async () => {
    let installed = false;
    const send = vi.fn(async () => {
      installed = true;
      return { ok: true as const, value: null };
    });
    const loader = readerLoader(send, () => (installed ? postReader : undefined));
    expect(loader.now()).toBeUndefined();
    const [a, b] = await Promise.all([loader.load(), loader.load()]);
    expect(a).toBe(postReader);
    expect(b).toBe(postReader);
    expect(send).toHaveBeenCalledOnce();
    expect(send).toHaveBeenCalledWith('loadReader', {});
    expect(loader.now()).toBe(postReader);
  });

  test('a refusal is the background’s message for the person, and the next ask tries again', async () => {
    let installed = false;
    const send = vi.fn(async () => {
      installed = true;
      return { ok: true as const, value: null };
    });
    send.mockResolvedValueOnce({
      ok: false,
      error: 'Sourced was updated: reload this page.',
    } as never);
    const loader = readerLoader(send, () => (installed ? postReader : undefined));
    const refused = await loader.load().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ReaderUnavailable);
    expect((refused as Error).message).toBe('Sourced was updated: reload this page.');
    await expect(loader.load()).resolves.toBe(postReader);
  });

  test('a reply without the reader in the world is an error, not a hang', async () => {
    const loader = readerLoader(
      async () => ({ ok: true, value: null }),
      () => undefined,
    );
    await expect(loader.load()).rejects.toBeInstanceOf(ReaderUnavailable);
  });
});

describe('the background', () => {
  const EXTENSION_ID = fakeBrowser.runtime.id;
  const site = (extra: Partial<MessageSender> = {}): MessageSender => ({
    id: EXTENSION_ID,
    url: 'https://x.com/home',
    tab: { id: 7, url: 'https://x.com/home' },
    frameId: 0,
    ...extra,
  });
  function handlers(inject = vi.fn(() => Promise.resolve())) {
    return {
      inject,
      content: contentHandlers({} as StoreContext, {
        layout: layoutReports(),
        tabUrl: () => Promise.resolve(undefined),
        form: { openForm: () => Promise.reject(new Error('no form here')) },
        injectReader: inject,
      }),
    };
  }

  test('injects the reader into the sender’s own tab and frame', async () => {
    const { inject, content } = handlers();
    const reply = await handleContentMessage('loadReader', {}, site(), EXTENSION_ID, content);
    expect(reply).toEqual({ ok: true, value: null });
    expect(inject).toHaveBeenCalledWith(7, 0);
  });

  test.each([
    ['a page that is not LinkedIn or X', site({ url: 'https://evil.example/' }), {}],
    ['another extension', site({ id: 'other' }), {}],
    ['no tab', site({ tab: undefined }), {}],
    ['a request carrying anything', site(), { file: '/evil.js' }],
  ])('refuses %s', async (_what, sender, data) => {
    const { inject, content } = handlers();
    const reply = await handleContentMessage('loadReader', data, sender, EXTENSION_ID, content);
    expect(reply.ok).toBe(false);
    expect(inject).not.toHaveBeenCalled();
  });

  test('Chrome and Edge: scripting.executeScript into that frame, with the reader file only', async () => {
    const executeScript = vi.fn(() => Promise.resolve([]));
    await readerInjector({ scripting: { executeScript } })(7, 3);
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 7, frameIds: [3] },
      files: [READER_FILE],
      injectImmediately: true,
    });
  });

  test('Firefox (MV2): tabs.executeScript into that frame', async () => {
    const executeScript = vi.fn(() => Promise.resolve([]));
    await readerInjector({ tabs: { executeScript } })(7, 0);
    expect(executeScript).toHaveBeenCalledWith(7, { file: READER_FILE, frameId: 0 });
  });

  test('neither: a clear error', async () => {
    await expect(readerInjector({})(7, 0)).rejects.toBeInstanceOf(UserFacingError);
  });
});

// @vitest-environment happy-dom
/**
 * The injector against a minimal adapter: one flag per post, re-read when a recycled row shows
 * another post, restored after a re-render removes it, and gone when the script stops. Then what
 * keeps it cheap and discreet: work per mutation limited to what was added or changed, states
 * fetched in batches, one shared stylesheet, closed shadow roots outside the test build.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { FlagInjector, type InjectorOptions } from '../../components/in-page/flag-injector';
import type { ReaderLoader } from '../../components/in-page/reader';
import type { PostReader } from '../../lib/sites/reader-handle';
import type { ExtractedPost, SiteAdapter } from '../../lib/sites/types';

const adapter: SiteAdapter = {
  platform: 'x',
  serves: () => true,
  // Like the real adapters: `root` itself included (an added post is searched from itself).
  findPosts: (root) => [
    ...((root as Element).matches?.('article[data-id]') ? [root as Element] : []),
    ...root.querySelectorAll('article[data-id]'),
  ],
  extract: (el, page): ExtractedPost => {
    const id = el.getAttribute('data-id')!;
    return {
      platform: 'x',
      id,
      key: id,
      url: `https://x.com/a/status/${id}`,
      kind: 'post',
      author: {},
      text: el.querySelector('p')?.textContent ?? '',
      postedAt: undefined,
      ...(page ? {} : {}),
    };
  },
  flagSlot: (el) => el.querySelector('header') ?? el,
  // Posts marked `data-ad` have a key only the full read can tell, as ads have on the real sites.
  fastKey: (el) => (el.hasAttribute('data-ad') ? undefined : el.getAttribute('data-id')!),
  keyOf: (el, page) => adapter.fastKey(el, page) ?? adapter.extract(el, page).key,
};

/** The post reader over the test adapter, loaded at once (or as `load` says). */
function readerOf(load?: () => Promise<void>): ReaderLoader & { loads: number } {
  const reader: PostReader = {
    extract: (_platform, el, page) => adapter.extract(el, page),
    layoutHealthSteps: () => {
      throw new Error('no layout check here');
    },
  };
  let loaded = !load;
  const loader = {
    loads: 0,
    now: () => (loaded ? reader : undefined),
    async load() {
      loader.loads++;
      await load?.();
      loaded = true;
      return reader;
    },
  };
  return loader;
}

const frames = () => new Promise((resolve) => setTimeout(resolve, 300));
let injector: FlagInjector | undefined;
afterEach(() => {
  injector?.stop();
  document.body.replaceChildren();
});

function post(id: string): HTMLElement {
  const article = document.createElement('article');
  article.setAttribute('data-id', id);
  article.append(
    document.createElement('header'),
    Object.assign(document.createElement('p'), { textContent: `post ${id}` }),
  );
  return article;
}
const hosts = () =>
  [...document.querySelectorAll('[data-sourced-post-id]')].map((h) =>
    h.getAttribute('data-sourced-post-id'),
  );

function start(
  fetchFlagged = vi.fn().mockResolvedValue([]),
  options: Partial<InjectorOptions> = {},
) {
  injector = new FlagInjector({
    adapter,
    reader: readerOf(),
    doc: document,
    pageUrl: () => new URL('https://x.com/home'),
    onFlag: vi.fn(),
    fetchFlagged,
    // As in the end-to-end test build: the tests look inside the flags.
    shadowMode: 'open',
    // Batches as soon as they are due (the pacing of streaming rows has a test of its own).
    batchGapMs: 0,
    ...options,
  });
  injector.start();
  return fetchFlagged;
}

test('one flag per post, posts added later included, flagged state fetched once per new key', async () => {
  document.body.append(post('1'), post('2'));
  const fetchFlagged = start(vi.fn().mockResolvedValue(['2']));
  await frames();
  expect(hosts()).toEqual(['1', '2']);
  document.body.append(post('3'));
  await frames();
  await frames();
  expect(hosts()).toEqual(['1', '2', '3']);
  expect(fetchFlagged.mock.calls.flat(2).sort()).toEqual(['1', '2', '3']);
  const state = (id: string) =>
    document
      .querySelector(`[data-sourced-post-id="${id}"]`)!
      .shadowRoot!.querySelector('button')!
      .getAttribute('data-state');
  expect(state('2')).toBe('flagged');
  expect(state('1')).toBe('idle');
  const button = document
    .querySelector('[data-sourced-post-id="1"]')!
    .shadowRoot!.querySelector('[data-testid="sourced-flag"]');
  expect(button?.tagName).toBe('BUTTON');
});

test('a recycled row that now shows another post gets its flag re-keyed and reset', async () => {
  const row = post('1');
  document.body.append(row);
  start(vi.fn().mockImplementation(async (keys: string[]) => keys.filter((k) => k === '1')));
  await frames();
  expect(hosts()).toEqual(['1']);
  row.setAttribute('data-id', '9');
  row.querySelector('p')!.textContent = 'post 9';
  await frames();
  expect(hosts()).toEqual(['9']);
  expect(
    document
      .querySelector('[data-sourced-post-id="9"]')!
      .shadowRoot!.querySelector('button')!
      .getAttribute('data-state'),
  ).toBe('idle');
});

test('a re-render that drops the flag gets it back, without a second one', async () => {
  const row = post('1');
  document.body.append(row);
  start();
  await frames();
  row.querySelector('header')!.replaceChildren();
  await frames();
  expect(hosts()).toEqual(['1']);
  row.querySelector('header')!.append(document.createElement('span'));
  await frames();
  expect(hosts()).toEqual(['1']);
});

test('a synthetic click from a page script does not open the form; stop removes every flag', async () => {
  document.body.append(post('1'));
  start();
  await frames();
  const button = document
    .querySelector('[data-sourced-post-id]')!
    .shadowRoot!.querySelector('button')!;
  const pageListener = vi.fn();
  document.body.addEventListener('click', pageListener);
  button.click();
  expect(pageListener).not.toHaveBeenCalled();
  injector!.stop();
  expect(hosts()).toEqual([]);
  document.body.append(post('2'));
  await frames();
  expect(hosts()).toEqual([]);
});

const state = (id: string) =>
  document
    .querySelector(`[data-sourced-post-id="${id}"]`)!
    .shadowRoot!.querySelector('button')!
    .getAttribute('data-state');

test('a mutation costs what it added: no search of the document, one key read per new post', async () => {
  const findPosts = vi.spyOn(adapter, 'findPosts');
  const keyOf = vi.fn((el: Element) => el.getAttribute('data-id')!);
  const extract = vi.spyOn(adapter, 'extract');
  const fastKey = keyOf;
  try {
    const feed = document.createElement('main');
    document.body.append(feed);
    for (let i = 0; i < 50; i++) feed.append(post(String(i)));
    start(undefined, { adapter: { ...adapter, fastKey } });
    await frames();
    expect(hosts()).toHaveLength(50);
    expect(keyOf).toHaveBeenCalledTimes(50);
    findPosts.mockClear();
    keyOf.mockClear();

    // Infinite scroll: three more posts, one at a time.
    const added = [post('a'), post('b'), post('c')];
    for (const el of added) feed.append(el);
    await frames();
    expect(hosts()).toHaveLength(53);
    expect(findPosts.mock.calls.map(([root]) => root)).toEqual(added);
    expect(keyOf.mock.calls.map(([el]) => el)).toEqual(added);
    // Nothing is read in full before a click.
    expect(extract).not.toHaveBeenCalled();
  } finally {
    findPosts.mockRestore();
    extract.mockRestore();
  }
});

test('flag states are fetched in batches; a save marks every flag of its key through the index', async () => {
  const fetchFlagged = start(vi.fn().mockResolvedValue([]));
  for (let i = 0; i < 30; i++) document.body.append(post(String(i)));
  // The same post twice on the page (a repost and its original, say): two flags, one key.
  document.body.append(post('7'));
  await frames();
  await frames();
  expect(fetchFlagged).toHaveBeenCalledTimes(1);
  expect(fetchFlagged.mock.calls[0]![0]).toHaveLength(30);
  injector!.markFlagged('7', true);
  const sevens = [...document.querySelectorAll('[data-sourced-post-id="7"]')];
  expect(sevens).toHaveLength(2);
  for (const host of sevens) {
    expect(host.shadowRoot!.querySelector('button')!.getAttribute('data-state')).toBe('flagged');
  }
  // A post seen before comes back (a recycled row): its state is known, nothing is fetched.
  document.body.append(post('7'), post('3'));
  await frames();
  await frames();
  expect(fetchFlagged).toHaveBeenCalledTimes(1);
  expect(state('3')).toBe('idle');
  expect(
    [...document.querySelectorAll('[data-sourced-post-id="7"]')].map((h) =>
      h.shadowRoot!.querySelector('button')!.getAttribute('data-state'),
    ),
  ).toEqual(['flagged', 'flagged', 'flagged']);
});

test('every flag adopts the same stylesheet', async () => {
  document.body.append(post('1'), post('2'));
  start();
  await frames();
  const [a, b] = [...document.querySelectorAll('[data-sourced-post-id]')].map(
    (h) => h.shadowRoot!.adoptedStyleSheets,
  );
  expect(a).toHaveLength(1);
  expect(a![0]).toBe(b![0]);
  expect(document.querySelector('[data-sourced-post-id]')!.shadowRoot!.querySelector('style')).toBe(
    null,
  );
});

test('outside the test build the flag is closed to the page: no button, no state to read', async () => {
  document.body.append(post('1'));
  start(vi.fn().mockResolvedValue(['1']), { shadowMode: undefined });
  await frames();
  const host = document.querySelector('[data-sourced-post-id="1"]')!;
  expect(host.shadowRoot).toBe(null);
  expect(host.outerHTML).not.toContain('flagged');
  expect(host.querySelector('button')).toBe(null);
});

test('SPA navigation keys every post again against the new URL', async () => {
  let url = new URL('https://x.com/home');
  const fastKey = vi.fn(
    (el: Element, page: URL) => `${el.getAttribute('data-id')}@${page.pathname}`,
  );
  document.body.append(post('1'), post('2'));
  start(undefined, { adapter: { ...adapter, fastKey }, pageUrl: () => url });
  await frames();
  expect(hosts()).toEqual(['1@/home', '2@/home']);
  url = new URL('https://x.com/other');
  injector!.navigated();
  await frames();
  expect(hosts()).toEqual(['1@/other', '2@/other']);
});

test('a row refilled with a copy of another row (our host copied too) keeps one flag, for its post', async () => {
  const [first, last] = [post('1'), post('2')];
  document.body.append(first, last);
  start();
  await frames();
  // X's virtualised list: the first row now shows the last row's tweet, copied node by node.
  first.setAttribute('data-id', '2');
  first.replaceChildren(...[...last.childNodes].map((n) => n.cloneNode(true)));
  last.remove();
  await frames();
  expect(hosts()).toEqual(['2']);
  expect(first.querySelectorAll('[data-sourced-post-id]')).toHaveLength(1);
  expect(state('2')).toBe('idle');
});

test('a post only the reader can key is flagged at once and keyed once the reader is loaded, once for all', async () => {
  let release!: () => void;
  const reader = readerOf(() => new Promise<void>((resolve) => (release = resolve)));
  const ads = [post('ad-1'), post('ad-2')];
  for (const ad of ads) ad.setAttribute('data-ad', '');
  document.body.append(post('1'), ...ads);
  const fetchFlagged = start(vi.fn().mockResolvedValue(['ad-2']), {
    reader,
    batchMs: 10,
    batchGapMs: 0,
  });
  await frames();
  // Flags at once, the ads' without a key (and no state asked for them) while the reader loads.
  expect(hosts()).toEqual(['1', '', '']);
  expect(reader.loads).toBe(1);
  expect(fetchFlagged.mock.calls.flat(2)).toEqual(['1']);
  release();
  await frames();
  await frames();
  expect(hosts()).toEqual(['1', 'ad-1', 'ad-2']);
  expect(fetchFlagged.mock.calls.flat(2)).toEqual(['1', 'ad-1', 'ad-2']);
  expect(state('ad-2')).toBe('flagged');
  // Later ads are keyed by the reader already here: no second load.
  const late = post('ad-3');
  late.setAttribute('data-ad', '');
  document.body.append(late);
  await frames();
  expect(hosts()).toContain('ad-3');
  expect(reader.loads).toBe(1);
});

test('a recycled row now showing a post only the reader can key drops the old key at once', async () => {
  let release!: () => void;
  const reader = readerOf(() => new Promise<void>((resolve) => (release = resolve)));
  const row = post('1');
  document.body.append(row);
  start(vi.fn().mockResolvedValue(['1']), { reader, batchMs: 10 });
  await frames();
  await frames();
  expect(state('1')).toBe('flagged');
  // The row now shows an ad: the flag must not keep saying the earlier post is flagged.
  row.setAttribute('data-id', 'ad-9');
  row.setAttribute('data-ad', '');
  await frames();
  expect(hosts()).toEqual(['']);
  expect(
    document
      .querySelector('[data-sourced-post-id]')!
      .shadowRoot!.querySelector('button')!
      .getAttribute('data-state'),
  ).toBe('idle');
  release();
  await frames();
  expect(hosts()).toEqual(['ad-9']);
});

test('a reader that cannot be loaded leaves the flags, unkeyed, and says so', async () => {
  const onError = vi.fn();
  const reader = readerOf(() => Promise.reject(new Error('extension restarted')));
  const ad = post('ad-1');
  ad.setAttribute('data-ad', '');
  document.body.append(ad);
  start(undefined, { reader, onError });
  await frames();
  expect(hosts()).toEqual(['']);
  expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'extension restarted' }));
});

test('rows streaming in: the first batch soon, then at most one flagStates message per gap', async () => {
  const feed = document.createElement('main');
  document.body.append(feed);
  feed.append(post('0'));
  const fetchFlagged = start(vi.fn().mockResolvedValue([]), { batchMs: 20, batchGapMs: 600 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(fetchFlagged).toHaveBeenCalledTimes(1);
  // Twenty rows over a second, as infinite scroll brings them.
  for (let i = 1; i <= 20; i++) {
    feed.append(post(String(i)));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 700));
  const keys = fetchFlagged.mock.calls.flatMap(([chunk]) => chunk as string[]);
  expect(new Set(keys).size).toBe(21);
  expect(keys).toHaveLength(21);
  // Without the gap, one message per pass: about ten here.
  expect(fetchFlagged.mock.calls.length).toBeLessThanOrEqual(3);
});

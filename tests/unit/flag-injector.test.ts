// @vitest-environment happy-dom
/**
 * The injector against a minimal adapter: one flag per post, re-read when a recycled row shows
 * another post, restored after a re-render removes it, and gone when the script stops.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { FlagInjector } from '../../components/in-page/flag-injector';
import type { ExtractedPost, SiteAdapter } from '../../lib/sites/types';

const adapter: SiteAdapter = {
  platform: 'x',
  serves: () => true,
  findPosts: (root) => [...root.querySelectorAll('article[data-id]')],
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
};

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

function start(fetchFlagged = vi.fn().mockResolvedValue([])) {
  injector = new FlagInjector({
    adapter,
    doc: document,
    pageUrl: () => new URL('https://x.com/home'),
    onFlag: vi.fn(),
    fetchFlagged,
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

// @vitest-environment happy-dom
/**
 * The popup's first screen, built without Preact before the popup has loaded, is the popup's own
 * first render to the attribute: when the popup replaces it, nothing on screen moves or changes.
 */
import { afterEach, expect, test } from 'vitest';
import {
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
  withdrawCapture,
} from '../../lib/capture-lifecycle';
import type { Capture } from '../../lib/capture';
import { LIST_PAGE, readNewestCaptures } from '../../lib/db/newest-captures';
import { showFirstScreen } from '../../components/popup/first-screen';
import { NOW } from './capture-fixtures';
import { at, openPopup, type Popup } from './popup-render';

let popup: Popup | undefined;
afterEach(async () => {
  await popup?.close();
  popup = undefined;
});

/**
 * Markup as a string with attributes in one order and adjacent text joined. `spellcheck` aside:
 * Preact sets `spellcheck={false}` as a property, which Chromium reflects as the attribute the first
 * screen has (spellcheck="false") and happy-dom, without that property, drops.
 */
function canonical(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  const attributes = [...el.attributes]
    .filter((a) => a.name !== 'spellcheck')
    .map((a) => `${a.name}="${a.name === 'style' ? a.value.replace(/\s+/g, '') : a.value}"`)
    .sort()
    .join(' ');
  const inner = [...el.childNodes].map(canonical).join('');
  return `<${el.localName}${attributes ? ` ${attributes}` : ''}>${inner}</${el.localName}>`;
}

/** Every kind of row: each status, a value or none, both platforms, a detail, a recognition. */
function history(count: number): Capture[] {
  return Array.from({ length: count }, (_, i) => {
    const draft = at(i * 7, { platform: i % 2 ? 'x' : 'linkedin' }, `Author <b>${i}</b>`);
    const queued = at(i * 7, {}, `Queued ${i}`, true);
    switch (i % 6) {
      case 0:
        return draft;
      case 1:
        return queued;
      case 2:
        return deliveryRejected(startDelivery(queued, NOW), 'value.currency: an ISO code', NOW);
      case 3:
        return deliverySucceeded(
          startDelivery(queued, NOW),
          { id: `r-${i}`, status: `https://wins.example.com/status/${i}` },
          NOW,
        );
      case 4:
        return withdrawCapture(draft, NOW);
      default:
        return deliverySucceeded(startDelivery(queued, NOW), undefined, NOW);
    }
  });
}

/** The popup's first render (taken before anything else loads) and the first screen, as markup. */
async function bothScreens(captures: Capture[]) {
  popup = await openPopup(captures, { firstPage: true });
  const rendered = popup.root.querySelector('main.popup')!.cloneNode(true) as Element;
  const page = await readNewestCaptures(LIST_PAGE, popup.db.name);
  const early = document.createElement('div');
  expect(showFirstScreen(early, page!, NOW.getTime())).toBe(true);
  return { early: early.querySelector('main.popup')!, rendered };
}

test('a long history: the same header, summary, filters, list and rows as the first render', async () => {
  const { early, rendered } = await bothScreens(history(LIST_PAGE + 5));
  expect(early.querySelectorAll('[data-testid="capture-item"]').length).toBeGreaterThan(3);
  expect(early.querySelector('[data-testid="capture-recognition"]')).not.toBeNull();
  expect(early.querySelector('.detail.error')).not.toBeNull();
  expect(canonical(early)).toBe(canonical(rendered));
  const search = '[data-testid="capture-search"]';
  expect(early.querySelector(search)?.getAttribute('spellcheck')).toBe('false');
});

test('a short one, counted exactly, each row of it, down to a single capture', async () => {
  for (const count of [3, 1]) {
    const { early, rendered } = await bothScreens(history(count));
    expect(early.querySelectorAll('[data-testid="capture-item"]')).toHaveLength(count);
    expect(canonical(early)).toBe(canonical(rendered));
    await popup!.close();
    popup = undefined;
  }
});

test('captured text stays text in the first screen too', async () => {
  const { early } = await bothScreens(history(2));
  expect(early.querySelector('.author b')).toBeNull();
  expect(early.querySelector('.author')?.textContent).toBe('Author <b>0</b>');
});

test('nothing to show: no first screen, the popup says what to do first once loaded', () => {
  const into = document.createElement('div');
  expect(showFirstScreen(into, { rows: [], more: false })).toBe(false);
  expect(into.childElementCount).toBe(0);
});

// @vitest-environment happy-dom
/** The popup's list: its states, filters, search, live updates, windowing and keyboard. */
import { afterEach, expect, test, vi } from 'vitest';
import {
  deliveryRejected,
  deliverySucceeded,
  startDelivery,
  withdrawCapture,
} from '../../lib/capture-lifecycle';
import { saveIdentity } from '../../lib/settings';
import { saveEndpoint } from '../../lib/endpoint-settings';
import { capture, NOW } from './capture-fixtures';
import { at, choose, click, openPopup, press, type, type Popup } from './popup-render';

let popup: Popup | undefined;
afterEach(async () => {
  await popup?.close();
  popup = undefined;
});

test('a new user sees what to do first: open LinkedIn or X and press the flag, and finish setting up', async () => {
  popup = await openPopup();
  const { root, byTestId, services } = popup;
  await vi.waitFor(() =>
    expect(byTestId('capture-list')?.textContent).toContain('No wins recorded yet'),
  );
  expect(byTestId('capture-list')?.textContent).toMatch(/Open LinkedIn or X.*press the\s+flag/s);
  const hint = await vi.waitFor(() => {
    const found = byTestId('first-run-hint');
    expect(found?.textContent).toContain('captures stay in this browser');
    return found!;
  });
  expect(hint.textContent).toContain('credits your wins to you');
  click([...hint.querySelectorAll('button')].find((b) => b.textContent === 'Set up delivery')!);
  expect(services.openSettings).toHaveBeenCalledWith('endpoint');
  click([...hint.querySelectorAll('button')].find((b) => b.textContent === 'Add your identity')!);
  expect(services.openSettings).toHaveBeenCalledWith('identity');

  // Each part of the hint goes as soon as it is done, without reopening the popup.
  await saveIdentity(popup.db, { email: 'ada@example.com' });
  await vi.waitFor(() => expect(hint.textContent).not.toContain('credits your wins'));
  await saveEndpoint(popup.db, {
    url: 'https://wins.example.com/hook',
    format: 'sourced.v1',
    headers: [],
  });
  await vi.waitFor(() => expect(byTestId('first-run-hint')).toBeNull());
  expect(root.textContent).not.toContain('No endpoint set');
});

test('each capture shows platform, author, excerpt, outcome, value, status in words and time, newest first', async () => {
  const draft = at(2, {}, 'Priya Lorem');
  const failed = deliveryRejected(
    startDelivery(at(90, { platform: 'x' }, 'Jonas Ipsum', true), NOW),
    'outcome.value.currency: an ISO 4217 code',
    NOW,
  );
  const delivered = deliverySucceeded(
    startDelivery(at(60 * 24 * 3, {}, 'Mara Dolor', true), NOW),
    undefined,
    NOW,
  );
  const withdrawn = withdrawCapture(at(60 * 24 * 40, {}, 'Teo Amet'), NOW);
  popup = await openPopup([withdrawn, delivered, draft, failed]);
  const { item, listed } = popup;
  await vi.waitFor(() =>
    expect(listed()).toEqual([draft.id, failed.id, delivered.id, withdrawn.id]),
  );

  const first = item(draft.id)!;
  expect(first.dataset.status).toBe('draft');
  expect(first.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('LinkedIn');
  expect(first.textContent).toContain('Priya Lorem');
  expect(first.textContent).toContain('A post');
  expect(first.textContent).toContain('Deal · Won · €12,000.00');
  expect(first.textContent).toContain('Draft');
  expect(first.querySelector('time')?.textContent).toBe('2 minutes ago');
  const link = first.querySelector('a')!;
  expect(link.getAttribute('href')).toBe(draft.post.url);
  expect(link.getAttribute('rel')).toContain('noopener');

  const refused = item(failed.id)!;
  expect(refused.dataset.status).toBe('failed');
  expect(refused.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('X');
  expect(refused.textContent).toContain('Failed');
  expect(refused.textContent).toContain('outcome.value.currency: an ISO 4217 code');
  // The reason is tied to the row for assistive technology.
  const detail = refused.getAttribute('aria-describedby')!;
  expect(refused.querySelector(`#${CSS.escape(detail)}`)?.textContent).toContain('ISO 4217');
  expect(item(delivered.id)!.textContent).toContain('Delivered');
  expect(item(delivered.id)!.querySelector('time')?.textContent).toBe('3 days ago');
  expect(item(withdrawn.id)!.textContent).toContain('Withdrawn');

  // Actions follow the status: only what the lifecycle allows is offered.
  const actions = (id: string) =>
    [...item(id)!.querySelectorAll('button')].map((b) => b.dataset.testid);
  expect(actions(draft.id)).toEqual(['capture-edit', 'capture-submit', 'capture-delete']);
  expect(actions(failed.id)).toEqual(['capture-edit', 'capture-retry', 'capture-delete']);
  expect(actions(delivered.id)).toEqual(['capture-edit', 'capture-withdraw', 'capture-delete']);
  expect(actions(withdrawn.id)).toEqual(['capture-delete']);
});

test('page text stays text: an author or excerpt with markup is shown, never parsed', async () => {
  const hostile = at(1, {}, '<img src=x onerror=alert(1)>');
  hostile.post.excerpt = '<script>alert(1)</script>';
  popup = await openPopup([hostile]);
  await vi.waitFor(() => expect(popup!.item(hostile.id)).not.toBeNull());
  expect(popup.root.querySelector('script, img')).toBeNull();
  expect(popup.item(hostile.id)!.textContent).toContain('<script>alert(1)</script>');
});

test('filters by status and platform, and searches author, excerpt, note and CRM reference', async () => {
  const rows = [
    at(1, {}, 'Priya Lorem'),
    at(
      2,
      { platform: 'x', outcome: { type: 'lead', stage: 'identified', note: 'Met at the fair' } },
      'Jonas Ipsum',
    ),
    deliveryRejected(
      startDelivery(
        at(3, { outcome: { type: 'deal', stage: 'won', crmRef: 'CRM-7731' } }, 'Mara Dolor', true),
        NOW,
      ),
      'bad',
      NOW,
    ),
  ];
  popup = await openPopup(rows);
  const { byTestId, listed } = popup;
  await vi.waitFor(() => expect(listed()).toHaveLength(3));

  choose(byTestId<HTMLSelectElement>('status-filter'), 'failed');
  await vi.waitFor(() => expect(listed()).toEqual([rows[2]!.id]));
  choose(byTestId<HTMLSelectElement>('status-filter'), '');
  choose(byTestId<HTMLSelectElement>('platform-filter'), 'x');
  await vi.waitFor(() => expect(listed()).toEqual([rows[1]!.id]));
  choose(byTestId<HTMLSelectElement>('platform-filter'), '');
  await vi.waitFor(() => expect(listed()).toHaveLength(3));

  const search = byTestId<HTMLInputElement>('capture-search');
  type(search, 'fair'); // the note
  await vi.waitFor(() => expect(listed()).toEqual([rows[1]!.id]));
  type(search, 'crm-7731'); // the CRM reference
  await vi.waitFor(() => expect(listed()).toEqual([rows[2]!.id]));
  type(search, 'PRIY'); // the author, any case, a prefix
  await vi.waitFor(() => expect(listed()).toEqual([rows[0]!.id]));

  type(search, 'nobody');
  await vi.waitFor(() =>
    expect(byTestId('capture-list')?.textContent).toContain('No capture matches'),
  );
  click(
    [...popup.root.querySelectorAll('button')].find((b) => b.textContent === 'Show all captures')!,
  );
  await vi.waitFor(() => expect(listed()).toHaveLength(3));
  expect(search?.value).toBe('');
});

test('a capture saved or delivered elsewhere appears or changes without reopening the popup', async () => {
  const queued = at(5, {}, 'Priya Lorem');
  queued.status = 'queued';
  popup = await openPopup([queued]);
  const { db, item, listed } = popup;
  await vi.waitFor(() => expect(listed()).toEqual([queued.id]));

  const fresh = at(0, {}, 'Ines Sitwell');
  await db.captures.put(fresh);
  await vi.waitFor(() => expect(listed()).toEqual([fresh.id, queued.id]));

  await db.captures.put(deliverySucceeded(startDelivery(queued, NOW), undefined, NOW));
  await vi.waitFor(() => expect(item(queued.id)?.dataset.status).toBe('delivered'));
});

test('the first page read before the popup loaded is in its first render; the list then lives on', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => at(i));
  popup = await openPopup(rows, { firstPage: true });
  const { root, db, listed } = popup;
  // No waiting: the rows come with the render itself, before any live query has answered.
  expect(listed()[0]).toBe(rows[0]!.id);
  expect(listed().length).toBeGreaterThan(2);
  expect(root.querySelector('.list-status')?.textContent).toBe('Newest first');

  const fresh = at(-1, {}, 'Ines Sitwell');
  await db.captures.put(fresh);
  await vi.waitFor(() => expect(listed().slice(0, 2)).toEqual([fresh.id, rows[0]!.id]));
  // Past the first page: read by the live query as the user scrolls.
  const scroller = root.querySelector<HTMLElement>('.vlist')!;
  scroller.scrollTop = 126 * 35;
  scroller.dispatchEvent(new Event('scroll'));
  await vi.waitFor(() => expect(listed()).toContain(rows[38]!.id));
  await vi.waitFor(() =>
    expect(root.querySelector('.list-status')?.textContent).toBe('41 captures'),
  );
});

test('only the rows in view are rendered; scrolling renders the others, and more load as it goes', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => at(i));
  popup = await openPopup(rows);
  const { root, listed } = popup;
  await vi.waitFor(() => expect(listed()[0]).toBe(rows[0]!.id));
  expect(listed().length).toBeLessThan(12);
  // The list is not counted: its end is unknown until read, and said to be unknown.
  expect(root.querySelector('[data-index="0"]')?.getAttribute('aria-setsize')).toBe('-1');

  const scroller = root.querySelector<HTMLElement>('.vlist')!;
  scroller.scrollTop = 126 * 200;
  scroller.dispatchEvent(new Event('scroll'));
  await vi.waitFor(() => expect(listed()).toContain(rows[200]!.id));
  expect(listed()).not.toContain(rows[0]!.id);
  expect(listed().length).toBeLessThan(12);

  scroller.scrollTop = 126 * 295;
  scroller.dispatchEvent(new Event('scroll'));
  await vi.waitFor(() => expect(listed()).toContain(rows[299]!.id));
  await vi.waitFor(() =>
    expect(root.querySelector('.list-status')?.textContent).toBe('300 captures'),
  );
});

test('keyboard: arrows move between rows (into ones not rendered yet), Enter edits, Escape returns', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => at(i));
  popup = await openPopup(rows);
  const { root, listed, byTestId } = popup;
  await vi.waitFor(() => expect(listed()[0]).toBe(rows[0]!.id));
  const first = popup.item(rows[0]!.id)!;
  expect(first.tabIndex).toBe(0);
  expect(popup.item(rows[1]!.id)!.tabIndex).toBe(-1);
  // Only the current row's controls are in the tab order.
  expect(byTestId<HTMLButtonElement>('capture-edit', first)!.tabIndex).toBe(0);
  expect(byTestId<HTMLButtonElement>('capture-edit', popup.item(rows[1]!.id)!)!.tabIndex).toBe(-1);

  first.focus();
  press(first, 'ArrowDown');
  await vi.waitFor(() =>
    expect(document.activeElement?.getAttribute('data-capture-id')).toBe(rows[1]!.id),
  );
  press(document.activeElement, 'End');
  await vi.waitFor(() =>
    expect(document.activeElement?.getAttribute('data-capture-id')).toBe(rows[39]!.id),
  );
  press(document.activeElement, 'Home');
  await vi.waitFor(() =>
    expect(document.activeElement?.getAttribute('data-capture-id')).toBe(rows[0]!.id),
  );

  press(document.activeElement, 'Enter');
  const form = await vi.waitFor(() => {
    const found = byTestId('sourced-form');
    if (!found) throw new Error('no form yet');
    return found;
  });
  expect(root.querySelector('main')?.hasAttribute('inert')).toBe(true);
  press(form, 'Escape');
  await vi.waitFor(() => expect(byTestId('sourced-form')).toBeNull());
  await vi.waitFor(() =>
    expect(document.activeElement?.getAttribute('data-capture-id')).toBe(rows[0]!.id),
  );
});

test('labels: every control of the popup has an accessible name', async () => {
  popup = await openPopup([capture()]);
  const { root, listed } = popup;
  await vi.waitFor(() => expect(listed()).toHaveLength(1));
  for (const control of root.querySelectorAll('input, select')) {
    expect(control.closest('label')?.textContent?.trim()).toBeTruthy();
  }
  for (const button of root.querySelectorAll('button')) {
    expect(button.getAttribute('aria-label') ?? button.textContent?.trim()).toBeTruthy();
  }
  expect(
    root.querySelector('[data-testid="capture-list"]')?.getAttribute('aria-label'),
  ).toBeTruthy();
});

/**
 * The popup's first screen, built without Preact from the first page of captures while the
 * popup's code is still loading (entrypoints/popup-first-page.ts): the same markup as the popup's
 * first render (tests/unit/popup-first-screen.test.tsx compares the two), so that nothing moves
 * when the popup replaces it at that render (entrypoints/popup/main.tsx). Until then it is inert:
 * its controls do nothing yet, so they take no clicks, focus or keys.
 *
 * Captures come from pages of the sites: their text is set as text, never parsed as markup.
 */
import type { Capture } from '../../lib/capture';
import {
  CAPTURE_STATUSES,
  OUTCOME_LABELS,
  PLATFORMS,
  STAGE_LABELS,
} from '../../lib/capture-constants';
import type { CaptureWindow } from '../../lib/db/capture-query';
import { LIST_PAGE } from '../../lib/db/newest-captures';
import { formatMoney, platformLabel } from '../../lib/format';
import { recognitionView } from '../../lib/recognition/record';
import { allowedActions, sinceTime, statusDetail, STATUS_LABELS } from './capture-text';
import { FALLBACK_HEIGHT, renderedRows, ROW_HEIGHT } from './list-geometry';
import { recognitionText } from './recognition-text';

/** The mark the benchmark reads: the first rows the user sees are in the DOM. */
export const FIRST_ROWS_MARK = 'sourced:first-rows';

/** An element as data: tag, attributes, children. */
type Tree = [tag: string, attributes: Record<string, string>, ...children: (Tree | string)[]];

/**
 * What surrounds the list before the popup has loaded anything else: the header, the delivery
 * summary still counting, the folded filters (PopupApp, DeliverySummary, Filters), the list's
 * frame and the empty notice line. Constant text of this extension's own.
 */
function chrome(listStatus: string, height: number): Tree[] {
  const option = (value: string, label: string): Tree => ['option', { value }, label];
  return [
    [
      'header',
      {},
      ['h1', {}, 'Sourced'],
      ['button', { type: 'button', class: 'link' }, 'Settings'],
    ],
    [
      'section',
      { class: 'sync', 'data-testid': 'sync-state', 'aria-label': 'Delivery' },
      [
        'div',
        { class: 'sync-head' },
        [
          'p',
          { class: 'sync-line' },
          ['span', { 'data-testid': 'sync-queued' }, 'Counting…'],
          ' · ',
          ['span', {}, 'nothing delivered yet'],
        ],
        [
          'button',
          {
            type: 'button',
            'data-testid': 'sync-now',
            disabled: '',
            title: 'Counting what waits…',
          },
          'Deliver now',
        ],
      ],
      ['p', { class: 'sync-result', role: 'status' }],
    ],
    [
      'div',
      { class: 'filters', role: 'search', 'aria-label': 'Find captures' },
      [
        'label',
        { class: 'filter-search' },
        ['span', { class: 'sr-only' }, 'Search author, post text, note and CRM reference'],
        [
          'input',
          {
            type: 'search',
            'data-testid': 'capture-search',
            placeholder: 'Search author, text, note, CRM ref',
            autocomplete: 'off',
            spellcheck: 'false',
          },
        ],
      ],
      [
        'button',
        {
          type: 'button',
          class: 'filter-toggle',
          'data-testid': 'filters-toggle',
          'aria-expanded': 'false',
          'aria-controls': 'capture-filter-row',
        },
        'Filters',
      ],
      [
        'div',
        { class: 'filter-row', id: 'capture-filter-row', hidden: '' },
        [
          'label',
          {},
          'Status',
          [
            'select',
            { 'data-testid': 'status-filter' },
            option('', 'All'),
            ...CAPTURE_STATUSES.map((status) => option(status, STATUS_LABELS[status])),
          ],
        ],
        [
          'label',
          {},
          'Platform',
          [
            'select',
            { 'data-testid': 'platform-filter' },
            option('', 'All'),
            ...PLATFORMS.map((platform) => option(platform, platformLabel(platform))),
          ],
        ],
      ],
    ],
    [
      'div',
      { class: 'list-area' },
      ['p', { class: 'muted list-status', role: 'status' }, listStatus],
      [
        'p',
        { id: 'capture-list-help', class: 'sr-only' },
        'Up and down arrows move between captures, Tab reaches the actions of one, Enter edits it.',
      ],
      [
        'div',
        { class: 'vlist' },
        [
          'ul',
          {
            class: 'vlist-rows',
            'data-testid': 'capture-list',
            'aria-label': 'Captures, newest first',
            'aria-describedby': 'capture-list-help',
            style: `height: ${height}px;`,
          },
        ],
      ],
    ],
    ['div', { class: 'popup-messages' }, ['p', { class: 'notice', role: 'status' }]],
  ];
}

function build([tag, attributes, ...children]: Tree): HTMLElement {
  return element(tag, attributes, ...children.map((c) => (typeof c === 'string' ? c : build(c))));
}

function element(
  tag: string,
  attributes: Record<string, string | undefined>,
  ...children: (Node | string)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) el.setAttribute(name, value);
  }
  el.append(...children);
  return el;
}

/** One row as CaptureItem renders it (components/CaptureList.tsx). */
function row(capture: Capture, index: number, total: number, exact: boolean, now: number) {
  const { post, outcome } = capture;
  const author = post.author.name ?? post.author.handle ?? 'Unknown author';
  const value = outcome.value ? formatMoney(outcome.value) : undefined;
  const detail = statusDetail(capture, now);
  const allowed = allowedActions(capture);
  const tab = index === 0 ? '0' : '-1';
  const detailId = `capture-detail-${capture.id}`;
  const recognition = detail ? undefined : recognitionView(capture, undefined);
  const described = detail || recognition ? detailId : undefined;
  const li = element('li', {
    'data-index': String(index),
    tabindex: tab,
    role: 'listitem',
    'aria-posinset': String(index + 1),
    'aria-setsize': exact ? String(total) : '-1',
    class: `capture${described ? ' has-detail' : ''}`,
    'data-testid': 'capture-item',
    'data-capture-id': capture.id,
    'data-status': capture.status,
    'aria-describedby': described,
  });
  Object.assign(li.style, {
    position: 'absolute',
    top: `${index * ROW_HEIGHT}px`,
    left: '0px',
    right: '0px',
  });
  const button = (testId: string, label: string, extra: Record<string, string> = {}) =>
    element('button', { type: 'button', 'data-testid': testId, tabindex: tab, ...extra }, label);
  const actions = element('span', { class: 'capture-actions' });
  if (allowed.edit) actions.append(button('capture-edit', 'Edit'));
  if (allowed.submit) actions.append(button('capture-submit', 'Submit'));
  if (allowed.retry) actions.append(button('capture-retry', 'Retry'));
  if (allowed.withdraw) actions.append(button('capture-withdraw', 'Withdraw'));
  if (allowed.remove) {
    actions.append(
      button('capture-delete', 'Delete', {
        'aria-label': `Delete the capture of ${author}’s post`,
      }),
    );
  }
  li.append(
    element(
      'div',
      { class: 'capture-head' },
      element(
        'span',
        {
          class: `platform platform-${capture.platform}`,
          role: 'img',
          'aria-label': platformLabel(capture.platform),
        },
        capture.platform === 'x' ? '𝕏' : 'in',
      ),
      element('strong', { class: 'author' }, author),
      element('span', { class: `status status-${capture.status}` }, STATUS_LABELS[capture.status]),
    ),
    element(
      'div',
      { class: 'outcome' },
      element(
        'span',
        {},
        `${OUTCOME_LABELS[outcome.type]} · ${STAGE_LABELS[outcome.stage]}${value ? ` · ${value}` : ''}`,
      ),
      element(
        'time',
        {
          datetime: capture.capturedAt,
          title: new Date(capture.capturedAt).toLocaleString(),
        },
        sinceTime(capture.capturedAt, now),
      ),
    ),
    element('p', { class: 'excerpt' }, post.excerpt ?? ''),
  );
  if (detail) {
    const error = capture.status === 'failed' ? ' error' : '';
    li.append(element('p', { id: detailId, class: `detail${error}`, title: detail }, detail));
  } else if (recognition) {
    const text = recognitionText(recognition, capture);
    li.append(
      element(
        'p',
        {
          id: detailId,
          class: `detail recognition recognition-${recognition.state}`,
          'data-testid': 'capture-recognition',
          'data-state': recognition.state,
          title: text,
        },
        text,
      ),
    );
  }
  li.append(
    element(
      'div',
      { class: 'capture-foot' },
      element(
        'a',
        { href: post.url, target: '_blank', rel: 'noopener noreferrer', tabindex: tab },
        'Open post',
      ),
      actions,
    ),
  );
  return li;
}

/**
 * Fill `into` with the popup's first screen showing `page`, the unfiltered list's first rows, as
 * of `now`. Nothing when the page is empty: the popup's own first render says so (and what to do
 * first) as soon as it has loaded. Returns whether rows are shown.
 */
export function showFirstScreen(into: HTMLElement, page: CaptureWindow, now = Date.now()): boolean {
  if (page.rows.length === 0) return false;
  // As CaptureList knows the list's length without counting it: a page more while more follow.
  const total = page.more ? page.rows.length + LIST_PAGE : page.rows.length;
  const exact = !page.more;
  const rows: HTMLElement[] = [];
  const [start, end] = renderedRows(0, FALLBACK_HEIGHT, total);
  for (let index = start; index < end && index < page.rows.length; index++) {
    rows.push(row(page.rows[index]!, index, total, exact, now));
  }
  const status = exact
    ? `${total.toLocaleString()} ${total === 1 ? 'capture' : 'captures'}`
    : 'Newest first';
  const main = element('main', { class: 'popup' });
  main.append(...chrome(status, total * ROW_HEIGHT).map(build));
  main.querySelector('.vlist-rows')!.append(...rows);
  into.replaceChildren(main);
  return true;
}

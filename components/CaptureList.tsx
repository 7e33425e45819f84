/**
 * The list of captures in the popup: newest first, each with its status in words and the actions
 * that status allows. Only the rows in view are rendered and only their page of captures is read
 * (components/popup/VirtualList.tsx, lib/db/capture-query.ts); every read is a Dexie
 * liveQuery, so a capture saved on a page or delivered by the background shows up by itself.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import type { Capture } from '../lib/capture';
import type { SourcedDatabase } from '../lib/db/database';
import { searchTerms } from '../lib/db/search-words';
import { formatMoney, platformLabel } from '../lib/format';
import { OUTCOME_LABELS, STAGE_LABELS } from '../lib/capture-constants';
import {
  captureWindow,
  filterKey,
  searchIds,
  type CaptureFilter,
  type CaptureWindow,
} from '../lib/db/capture-query';
import { LIST_PAGE } from '../lib/db/newest-captures';
import { allowedActions, sinceTime, statusDetail, STATUS_LABELS } from './popup/capture-text';
import { FIRST_ROWS_MARK } from './popup/first-screen';
import { ROW_HEIGHT } from './popup/list-geometry';
import { RecognitionLine } from './popup/Recognition';
import { mayShowRecognition } from './popup/recognition-text';
import { VirtualList, type RowAttributes } from './popup/VirtualList';
import { useLiveQuery } from './use-live-query';

/** Captures read per query; a window spans the pages the rendered rows fall in. */
const PAGE = LIST_PAGE;
/** The list without filters or search: the one the popup opens on. */
const UNFILTERED = filterKey({});

export interface CaptureActions {
  edit: (capture: Capture) => void;
  submit: (capture: Capture) => void;
  retry: (capture: Capture) => void;
  withdraw: (capture: Capture) => void;
  remove: (capture: Capture) => void;
}

export interface CaptureItemProps {
  capture: Capture;
  attributes: RowAttributes;
  /** Only the active row's controls are in the tab order. */
  active: boolean;
  actions: CaptureActions;
  now: number;
  /** To read the capture's recognition (protocol v1.1); none shown without it. */
  db?: SourcedDatabase;
}

export function CaptureItem({ capture, attributes, active, actions, now, db }: CaptureItemProps) {
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const { post, outcome } = capture;
  const author = post.author.name ?? post.author.handle ?? 'Unknown author';
  const value = outcome.value ? formatMoney(outcome.value) : undefined;
  const detail = statusDetail(capture, now);
  const allowed = allowedActions(capture);
  const tab = active ? 0 : -1;
  const detailId = `capture-detail-${capture.id}`;
  // The recognition line takes the detail's place when there is nothing else to say.
  const recognition = !detail && db !== undefined && mayShowRecognition(capture);
  return (
    <li
      {...attributes}
      class={`capture${detail || recognition ? ' has-detail' : ''}`}
      data-testid="capture-item"
      data-capture-id={capture.id}
      data-status={capture.status}
      aria-describedby={detail || recognition ? detailId : undefined}
    >
      <div class="capture-head">
        <span
          class={`platform platform-${capture.platform}`}
          role="img"
          aria-label={platformLabel(capture.platform)}
        >
          {capture.platform === 'x' ? '𝕏' : 'in'}
        </span>
        <strong class="author">{author}</strong>
        <span class={`status status-${capture.status}`}>{STATUS_LABELS[capture.status]}</span>
      </div>
      <div class="outcome">
        <span>
          {OUTCOME_LABELS[outcome.type]} · {STAGE_LABELS[outcome.stage]}
          {value ? ` · ${value}` : ''}
        </span>
        <time dateTime={capture.capturedAt} title={new Date(capture.capturedAt).toLocaleString()}>
          {sinceTime(capture.capturedAt, now)}
        </time>
      </div>
      <p class="excerpt">{post.excerpt ?? ''}</p>
      {detail ? (
        <p
          id={detailId}
          class={`detail${capture.status === 'failed' ? ' error' : ''}`}
          title={detail}
        >
          {detail}
        </p>
      ) : recognition ? (
        <RecognitionLine db={db} capture={capture} id={detailId} />
      ) : null}
      <div class="capture-foot">
        <a href={post.url} target="_blank" rel="noopener noreferrer" tabIndex={tab}>
          Open post
        </a>
        <span class="capture-actions">
          {allowed.edit ? (
            <button
              type="button"
              data-testid="capture-edit"
              tabIndex={tab}
              onClick={() => actions.edit(capture)}
            >
              Edit
            </button>
          ) : null}
          {allowed.submit ? (
            <button
              type="button"
              data-testid="capture-submit"
              tabIndex={tab}
              onClick={() => actions.submit(capture)}
            >
              Submit
            </button>
          ) : null}
          {allowed.retry ? (
            <button
              type="button"
              data-testid="capture-retry"
              tabIndex={tab}
              onClick={() => actions.retry(capture)}
            >
              Retry
            </button>
          ) : null}
          {allowed.withdraw ? (
            <button
              type="button"
              data-testid="capture-withdraw"
              tabIndex={tab}
              aria-pressed={confirmWithdraw ? 'true' : undefined}
              onBlur={() => setConfirmWithdraw(false)}
              onClick={() => {
                // Withdrawing tells the company; it cannot be undone, so it takes a second click.
                if (!confirmWithdraw) return setConfirmWithdraw(true);
                setConfirmWithdraw(false);
                actions.withdraw(capture);
              }}
            >
              {confirmWithdraw ? 'Really withdraw?' : 'Withdraw'}
            </button>
          ) : null}
          {allowed.remove ? (
            <button
              type="button"
              data-testid="capture-delete"
              tabIndex={tab}
              aria-label={`Delete the capture of ${author}’s post`}
              onClick={() => actions.remove(capture)}
            >
              Delete
            </button>
          ) : null}
        </span>
      </div>
    </li>
  );
}

function PlaceholderItem({ attributes }: { attributes: RowAttributes }) {
  return (
    <li {...attributes} class="capture capture-placeholder" aria-busy="true">
      <span class="muted">Loading…</span>
    </li>
  );
}

/** Set once per page: the benchmark reads when the first rows reached the DOM. */
let firstRowsMarked = false;
let listShownNow: () => void = () => {};
/** Settles once the list first shows rows, or that there are none: the rest of the popup waits. */
export const listShown = new Promise<void>((resolve) => (listShownNow = resolve));

export interface CaptureListProps {
  db: SourcedDatabase;
  filter: CaptureFilter;
  actions: CaptureActions;
  now: number;
  /** Shown instead of the list when nothing matches. */
  empty: ComponentChildren;
  /**
   * The unfiltered list's first page, read before the popup's code had loaded
   * (components/popup/first-page.ts): shown until the live query first answers.
   */
  firstPage?: CaptureWindow;
}

/**
 * How far the list is known to go. Without a search the list is never counted (IndexedDB counts
 * by walking the range): it is as long as what was read, plus a page while more follow, and it
 * grows as the user scrolls towards its end.
 */
interface Extent {
  key: string;
  length: number;
  complete: boolean;
}

export function CaptureList({ db, filter, actions, now, empty, firstPage }: CaptureListProps) {
  const key = filterKey(filter);
  const searching = searchTerms(filter.search ?? '').length > 0;

  const search = useLiveQuery(
    async () => ({ key, result: await searchIds(db, filter) }),
    [db, key],
  );
  const result = search.value?.key === key ? search.value.result : undefined;
  const ids = result?.ids;
  const idsReady = !searching || ids !== undefined;

  const [range, setRange] = useState({ key, start: 0, end: PAGE });
  const { start, end } = range.key === key ? range : { start: 0, end: PAGE };
  const from = Math.floor(start / PAGE) * PAGE;
  const to = Math.max(from + PAGE, Math.ceil(end / PAGE) * PAGE);
  const page = useLiveQuery(
    async () => ({
      key,
      ids,
      from,
      window: idsReady ? await captureWindow(db, filter, ids, from, to - from) : undefined,
    }),
    [db, key, ids, from, to, idsReady],
    firstPage && key === UNFILTERED && from === 0
      ? { key, ids: undefined, from, window: firstPage }
      : undefined,
  );
  const current =
    page.value && page.value.key === key && page.value.ids === ids && page.value.window
      ? { from: page.value.from, ...page.value.window }
      : undefined;

  const [extent, setExtent] = useState<Extent | undefined>(undefined);
  let known: Extent | undefined = extent?.key === key ? extent : undefined;
  if (current) {
    const reached = current.from + current.rows.length;
    // The window that reaches the end says exactly where it is; others only push it further.
    const next: Extent = current.more
      ? { key, length: Math.max(known?.length ?? 0, reached + PAGE), complete: false }
      : { key, length: reached, complete: true };
    if (!known || known.length !== next.length || known.complete !== next.complete) {
      known = next;
    }
  }
  if (known !== extent && known) setExtent(known);
  const total = searching ? ids?.length : known?.length;

  const rowAt = (index: number) =>
    current && index >= current.from ? current.rows[index - current.from] : undefined;

  useLayoutEffect(() => {
    if (!firstRowsMarked && current && current.rows.length > 0) {
      firstRowsMarked = true;
      // Unless the page's first screen showed them already (components/popup/first-page.ts).
      if (!globalThis.performance?.getEntriesByName?.(FIRST_ROWS_MARK).length) {
        globalThis.performance?.mark?.(FIRST_ROWS_MARK);
      }
    }
    if (total !== undefined) listShownNow();
  });

  const error = search.error ?? page.error;
  if (error) {
    return (
      <p class="error" role="alert">
        Sourced cannot read its captures: {String((error as Error).message ?? error)}
      </p>
    );
  }
  if (total === undefined) {
    return (
      <p class="muted list-status" role="status">
        Loading…
      </p>
    );
  }
  if (total === 0) return <>{empty}</>;
  const exact = searching ? true : known?.complete === true;
  const status = searching
    ? result?.complete
      ? `${total.toLocaleString()} matching`
      : `The newest ${total.toLocaleString()} matching; add words to narrow the search`
    : exact
      ? `${total.toLocaleString()} ${filter.status || filter.platform ? 'matching' : total === 1 ? 'capture' : 'captures'}`
      : filter.status || filter.platform
        ? 'Matching captures, newest first'
        : 'Newest first';
  return (
    <>
      <p class="muted list-status" role="status">
        {status}
      </p>
      <p id="capture-list-help" class="sr-only">
        Up and down arrows move between captures, Tab reaches the actions of one, Enter edits it.
      </p>
      <VirtualList
        key={key}
        total={total}
        exact={exact}
        rowHeight={ROW_HEIGHT}
        testId="capture-list"
        label="Captures, newest first"
        describedBy="capture-list-help"
        onRangeChange={(s, e) => setRange({ key, start: s, end: e })}
        onActivate={(index) => {
          const capture = rowAt(index);
          if (capture && allowedActions(capture).edit) actions.edit(capture);
        }}
        renderRow={(index, attributes, active) => {
          const capture = rowAt(index);
          return capture ? (
            <CaptureItem
              key={capture.id}
              capture={capture}
              attributes={attributes}
              active={active}
              actions={actions}
              now={now}
              db={db}
            />
          ) : (
            <PlaceholderItem key={`placeholder-${index}`} attributes={attributes} />
          );
        }}
      />
    </>
  );
}

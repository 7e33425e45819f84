/**
 * A windowed list of fixed-height rows: only the rows in view (plus a few either side) are in the
 * DOM, so years of captures cost what one screen costs. Keyboard: one row is in the tab order at a
 * time (roving tabindex); arrows, Page Up/Down, Home and End move between rows, scrolling the ones
 * not rendered yet into existence; Tab goes on to the row's own controls.
 */
import type { ComponentChildren, CSSProperties } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { FALLBACK_HEIGHT, OVERSCAN, renderedRows } from './list-geometry';

/** What each row must spread on its root element. */
export interface RowAttributes {
  'data-index': number;
  style: CSSProperties;
  tabIndex: number;
  role: 'listitem';
  'aria-posinset': number;
  'aria-setsize': number;
  onFocusCapture: () => void;
}

export interface VirtualListProps {
  total: number;
  /** False while the list may go on past `total` (it grows as the user scrolls). */
  exact?: boolean;
  rowHeight: number;
  renderRow: (index: number, attributes: RowAttributes, active: boolean) => ComponentChildren;
  /** The rows now rendered, [start, end): the owner loads their data. */
  onRangeChange?: (start: number, end: number) => void;
  /** Enter on a row. */
  onActivate?: (index: number) => void;
  overscan?: number;
  /** Height assumed before the first measurement (and where there is no layout, as in tests). */
  fallbackHeight?: number;
  label: string;
  describedBy?: string;
  testId?: string;
}

export function VirtualList(props: VirtualListProps) {
  const { total, rowHeight, overscan = OVERSCAN, fallbackHeight = FALLBACK_HEIGHT } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [view, setView] = useState({ top: 0, height: fallbackHeight });
  const [active, setActive] = useState(0);
  const focusPending = useRef<number | null>(null);

  const measure = () => {
    const el = scroller.current;
    if (!el) return;
    const height = el.clientHeight || fallbackHeight;
    setView((v) =>
      v.top === el.scrollTop && v.height === height ? v : { top: el.scrollTop, height },
    );
  };

  useLayoutEffect(() => {
    measure();
    if (typeof ResizeObserver === 'undefined' || !scroller.current) return;
    const observer = new ResizeObserver(measure);
    observer.observe(scroller.current);
    return () => observer.disconnect();
  }, []);

  const current = Math.min(active, Math.max(0, total - 1));
  const [start, end] = renderedRows(view.top, view.height, total, rowHeight, overscan);

  useEffect(() => props.onRangeChange?.(start, end), [start, end]);

  // Focus a row once it is rendered (it may have to be scrolled into existence first).
  useLayoutEffect(() => {
    const index = focusPending.current;
    if (index === null) return;
    // The list turned out shorter than it seemed (its end was not known): go to its last row.
    if (index >= total && total > 0) {
      moveTo(total - 1);
      return;
    }
    const row = [...(list.current?.children ?? [])].find(
      (el): el is HTMLElement => (el as HTMLElement).dataset.index === String(index),
    );
    // A row still loading (aria-busy) may yet vanish: the list can turn out shorter.
    if (row && row.getAttribute('aria-busy') !== 'true') {
      focusPending.current = null;
      row.focus({ preventScroll: true });
    }
  });

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(total - 1, index));
    const el = scroller.current;
    if (el) {
      const top = target * rowHeight;
      const height = el.clientHeight || fallbackHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
      measure();
    }
    focusPending.current = target;
    setActive(target);
  }

  function onKeyDown(event: KeyboardEvent) {
    // Only keys pressed on a row itself; its buttons and links keep their own keys.
    const row = event.target as HTMLElement;
    if (row.parentElement !== list.current) return;
    const page = Math.max(1, Math.floor(view.height / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: total - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]!);
    } else if (event.key === 'Enter' && props.onActivate) {
      event.preventDefault();
      props.onActivate(current);
    }
  }

  const rows: ComponentChildren[] = [];
  for (let index = start; index < end; index++) {
    rows.push(
      props.renderRow(
        index,
        {
          'data-index': index,
          style: { position: 'absolute', top: `${index * rowHeight}px`, left: 0, right: 0 },
          tabIndex: index === current ? 0 : -1,
          role: 'listitem',
          'aria-posinset': index + 1,
          // -1: "unknown" for assistive technology while the end is not known yet.
          'aria-setsize': props.exact === false ? -1 : total,
          onFocusCapture: () => setActive(index),
        },
        index === current,
      ),
    );
  }

  return (
    <div class="vlist" ref={scroller} onScroll={measure}>
      <ul
        ref={list}
        class="vlist-rows"
        data-testid={props.testId}
        aria-label={props.label}
        aria-describedby={props.describedBy}
        style={{ height: `${total * rowHeight}px` }}
        onKeyDown={onKeyDown}
      >
        {rows}
      </ul>
    </div>
  );
}

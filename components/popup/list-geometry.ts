/**
 * The list's geometry, as plain values: shared by the windowed list (VirtualList.tsx) and the
 * popup's first screen (first-screen.ts), which must render the same rows in the same places.
 */

/** Height of one capture row, gap included; the stylesheet gives `.capture` this minus 8 px. */
export const ROW_HEIGHT = 126;
/** Rows rendered beyond the visible ones, either side. */
export const OVERSCAN = 3;
/** Height assumed before the first measurement (and where there is no layout, as in tests). */
export const FALLBACK_HEIGHT = 420;

/** The rows [start, end) a list of `total` rows renders, scrolled to `top`, `height` high. */
export function renderedRows(
  top: number,
  height: number,
  total: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): [number, number] {
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((top + height) / rowHeight) + overscan);
  return [start, end];
}

/**
 * The popup's first page of captures, read and shown while its code is still loading. The page's
 * first script (entrypoints/popup-first-page.ts: a few kilobytes, no Dexie, no Preact) starts the
 * read as the page is parsed and shows the rows in the page's first screen (first-screen.ts). The
 * popup takes the same read for its first render, which replaces that screen with the same
 * markup, now live: the live queries take over from there.
 */
import type { CaptureWindow } from '../../lib/db/capture-query';
import { readNewestCaptures } from '../../lib/db/newest-captures';
import { FIRST_ROWS_MARK, showFirstScreen } from './first-screen';

/** Where the early script leaves the read for the popup's module, on the page's global object. */
const HANDOFF = '__sourcedFirstPage';
/** The element of entrypoints/popup/index.html that holds the first screen. */
export const FIRST_SCREEN_ID = 'first-screen';

type Handoff = { [HANDOFF]?: Promise<CaptureWindow | undefined> };

function whenParsed(then: () => void): void {
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', then, { once: true });
  } else then();
}

export function startFirstPage(): void {
  const read = readNewestCaptures();
  (globalThis as Handoff)[HANDOFF] = read;
  void read.then((page) =>
    whenParsed(() => {
      // Gone already when the popup rendered first (its own first rows are then marked).
      const into = document.getElementById(FIRST_SCREEN_ID);
      if (page && into && showFirstScreen(into, page)) performance.mark(FIRST_ROWS_MARK);
    }),
  );
}

/** The early read, once; undefined when there was none (or it could not read). */
export function takeFirstPage(): Promise<CaptureWindow | undefined> {
  const holder = globalThis as Handoff;
  const read = holder[HANDOFF];
  delete holder[HANDOFF];
  return read ?? Promise.resolve(undefined);
}

/** The popup has rendered: its first screen goes, in the same task, before anything is painted. */
export function dropFirstScreen(): void {
  document.getElementById(FIRST_SCREEN_ID)?.remove();
}

/**
 * The in-page form: an extension page (entrypoints/capture-frame) in an iframe over the site,
 * inside a shadow host with a backdrop. The site can style the host but cannot read or script
 * the frame's document, and keys typed in it never reach the site's listeners. The content
 * script never sees what is typed: the frame saves through the background, which then tells this
 * script that the form closed (`formClosed`) and, at most, the saved capture's id and status.
 */
import { createHost } from './page-ui';

/** The page of the extension the frame loads (see FORM_FRAME_PATH in lib/background). */
const FRAME_PAGE = '/capture-frame.html';
const MOVED_MESSAGE = 'sourced:moved';

export interface FormFrameOptions {
  theme: 'light' | 'dark';
  /** The URL of the frame page (runtime.getURL: Chrome's per-session dynamic URL). */
  frameUrl: (path: string) => string;
  /** Focus returns here when the form closes. */
  returnFocus?: HTMLElement;
}

export interface FormFrame {
  close: () => void;
  readonly closed: boolean;
}

let current: FormFrame | undefined;

/** Close the open form, if any (the background said it closed, or another one opens). */
export function closeFormFrame(): void {
  current?.close();
}

export function openFormFrame(options: FormFrameOptions): FormFrame {
  current?.close();
  const { host, root } = createHost('data-sourced-dialog-host', options.theme);
  const backdrop = document.createElement('div');
  backdrop.className = 'backdrop';
  const frame = document.createElement('iframe');
  frame.setAttribute('data-testid', 'sourced-form-frame');
  frame.title = 'Sourced: record what came of this post';
  frame.src = options.frameUrl(FRAME_PAGE);
  backdrop.append(frame);
  root.append(backdrop);

  let closed = false;
  let raf = 0;
  let last = '';
  // The frame cannot see where it is in the page: report every move or resize to it, so that a
  // frame moved under the cursor cannot take a click meant for the site (submit-guard.ts).
  const watch = () => {
    const r = frame.getBoundingClientRect();
    const now = `${r.x},${r.y},${r.width},${r.height}`;
    if (now !== last) {
      last = now;
      // '*': the frame's origin is the extension's static one even when loaded from Chrome's
      // dynamic URL, and the message says nothing a page could use.
      frame.contentWindow?.postMessage({ type: MOVED_MESSAGE }, '*');
    }
    raf = requestAnimationFrame(watch);
  };
  const onKey = (event: KeyboardEvent) => {
    // Escape while the focus is still in the page (inside the frame, the frame handles it).
    if (event.key === 'Escape') close();
  };
  const close = () => {
    if (closed) return;
    closed = true;
    cancelAnimationFrame(raf);
    host.removeEventListener('keydown', onKey);
    host.remove();
    if (current === handle) current = undefined;
    options.returnFocus?.focus();
  };
  backdrop.addEventListener('mousedown', (event) => {
    if (event.target === backdrop) close();
  });
  host.addEventListener('keydown', onKey);
  frame.addEventListener('load', () => {
    // Focus goes into the form, so that typing starts there (and stays out of the site's sight).
    frame.focus();
    last = '';
  });
  raf = requestAnimationFrame(watch);

  const handle: FormFrame = {
    close,
    get closed() {
      return closed;
    },
  };
  current = handle;
  return handle;
}

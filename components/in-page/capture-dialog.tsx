/**
 * The in-page dialog around the capture form, and the toast after a save. Each lives in its own
 * open shadow root at the end of <html>, so the site's CSS cannot reach it; key events stop at the
 * dialog so the site's keyboard shortcuts do not fire while the user types.
 */
import { render } from 'preact';
import { CaptureForm, type PostPreview } from '../CaptureForm';
import { DIALOG_CSS } from './styles';
import type { Outcome } from '../../lib/capture';
import type { Result } from '../../lib/result';

const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress', 'input', 'paste', 'copy', 'cut'];

function createHost(
  attribute: string,
  theme: 'light' | 'dark',
): { host: HTMLElement; root: HTMLElement } {
  const host = document.createElement('div');
  host.setAttribute(attribute, '');
  host.setAttribute('data-theme', theme);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = DIALOG_CSS;
  const root = document.createElement('div');
  shadow.append(style, root);
  document.documentElement.append(host);
  return { host, root };
}

/** Light or dark, from the page's own background (LinkedIn and X both have dark themes). */
export function pageTheme(doc: Document = document): 'light' | 'dark' {
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(
      getComputedStyle(el).backgroundColor,
    );
    if (!match || match[4] === '0') continue;
    const [r, g, b] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface DialogOptions {
  post: PostPreview;
  initial?: Outcome;
  editing: boolean;
  save: (outcome: Outcome, submit: boolean) => Promise<Result<string>>;
  /** Focus returns here when the dialog closes. */
  returnFocus?: HTMLElement;
}

let openDialog: (() => void) | undefined;

export function openCaptureDialog(options: DialogOptions): void {
  openDialog?.();
  const theme = pageTheme();
  prepareToast(theme);
  const { host, root } = createHost('data-sourced-dialog-host', theme);
  const close = () => {
    render(null, root);
    host.remove();
    if (openDialog === close) openDialog = undefined;
    options.returnFocus?.focus();
  };
  openDialog = close;
  for (const type of ISOLATED_EVENTS)
    root.addEventListener(type, (event) => event.stopPropagation());
  render(
    <div
      class="backdrop"
      role="dialog"
      aria-modal="true"
      aria-label="Sourced: record what came of this post"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close();
      }}
    >
      <CaptureForm
        post={options.post}
        initial={options.initial}
        editing={options.editing}
        trustedOnly
        onCancel={close}
        onSave={async (outcome, submit) => {
          const result = await options.save(outcome, submit);
          if (result.ok) {
            close();
            showToast(result.value, 'info', theme);
          }
          return result;
        }}
      />
    </div>,
    root,
  );
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

interface ToastRegion {
  host: HTMLElement;
  status: HTMLElement;
  alert: HTMLElement;
}
let region: ToastRegion | undefined;

/**
 * The toast's live regions, kept in the page (empty) between toasts: screen readers announce
 * text put into a live region that exists already, not a region inserted with its text.
 */
function toastRegion(theme: 'light' | 'dark'): ToastRegion {
  if (!region || !region.host.isConnected) {
    const { host, root } = createHost('data-sourced-toast-host', theme);
    const status = document.createElement('div');
    status.setAttribute('role', 'status');
    const alert = document.createElement('div');
    alert.setAttribute('role', 'alert');
    root.append(status, alert);
    region = { host, status, alert };
  }
  region.host.setAttribute('data-theme', theme);
  return region;
}

/**
 * Ready the live region before there is anything to say (the dialog calls it on opening), and
 * clear the last toast: it belongs to the previous save, and must not sit over the new form.
 */
export function prepareToast(theme = pageTheme()): void {
  const { status, alert } = toastRegion(theme);
  clearTimeout(toastTimer);
  status.replaceChildren();
  alert.replaceChildren();
}

export function showToast(message: string, kind: 'info' | 'error', theme = pageTheme()): void {
  const { status, alert } = toastRegion(theme);
  clearTimeout(toastTimer);
  status.replaceChildren();
  alert.replaceChildren();
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('data-testid', 'sourced-toast');
  toast.setAttribute('data-kind', kind);
  toast.textContent = message;
  (kind === 'error' ? alert : status).append(toast);
  toastTimer = setTimeout(() => toast.remove(), 5000);
}

/**
 * What Sourced draws in a site's page besides the flags: the host of the form frame and the
 * toast after a save. Each lives in its own shadow root at the end of <html>, so the site's CSS
 * cannot reach it. Nothing secret is ever put in them: the form itself is a frame of another
 * origin (form-frame.ts).
 */
import { SHADOW_MODE } from './build-flags';
import { DIALOG_CSS } from './styles';

export function createHost(
  attribute: string,
  theme: 'light' | 'dark',
): { host: HTMLElement; root: HTMLElement } {
  const host = document.createElement('div');
  host.setAttribute(attribute, '');
  host.setAttribute('data-theme', theme);
  const shadow = host.attachShadow({ mode: SHADOW_MODE });
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
 * Ready the live region before there is anything to say (called as a form opens), and clear the
 * last toast: it belongs to the previous save, and must not sit over the new form.
 */
export function prepareToast(theme = pageTheme()): void {
  const { status, alert } = toastRegion(theme);
  clearTimeout(toastTimer);
  status.replaceChildren();
  alert.replaceChildren();
}

/** A short message after a save; its text is set as text, never parsed. */
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

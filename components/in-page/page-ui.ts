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
let toastHost: HTMLElement | undefined;

/** A short message after a save; its text is set as text, never parsed. */
export function showToast(message: string, kind: 'info' | 'error', theme = pageTheme()): void {
  toastHost?.remove();
  clearTimeout(toastTimer);
  const { host, root } = createHost('data-sourced-toast-host', theme);
  toastHost = host;
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('data-testid', 'sourced-toast');
  toast.setAttribute('data-kind', kind);
  toast.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  toast.textContent = message;
  root.append(toast);
  toastTimer = setTimeout(() => host.remove(), 5000);
}

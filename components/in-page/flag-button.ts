/**
 * The flag button put into each post: a shadow host (open, so tests reach inside; nothing in it is
 * secret) holding one button. Built with DOM calls, not a framework: there can be a thousand of
 * them on a long feed.
 */
import { FLAG_CSS } from './styles';

export const FLAG_HOST_ATTR = 'data-sourced-flag-host';
const SVG_NS = 'http://www.w3.org/2000/svg';
// A pennant on a pole, drawn to the same 24-unit grid as public/icon.svg.
const FLAG_PATH = 'M5 2h2v20H5zM8 3h11l-3 5 3 5H8z';

export interface FlagHost {
  host: HTMLElement;
  button: HTMLButtonElement;
}

export function createFlag(postKey: string, onActivate: (event: MouseEvent) => void): FlagHost {
  const host = document.createElement('span');
  host.setAttribute(FLAG_HOST_ATTR, '');
  host.setAttribute('data-sourced-post-id', postKey);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = FLAG_CSS;
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('data-testid', 'sourced-flag');
  button.setAttribute('data-state', 'idle');
  button.setAttribute('aria-label', 'Flag this post as the source of an outcome (Sourced)');
  button.title = 'Sourced: flag the outcome of this post';
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', FLAG_PATH);
  svg.append(path);
  button.append(svg);
  button.addEventListener('click', (event) => {
    // The click is ours: the post behind the flag must not open or navigate.
    event.preventDefault();
    event.stopPropagation();
    // Only a person's click counts: a page script's synthetic click is ignored.
    if (event.isTrusted) onActivate(event);
  });
  shadow.append(style, button);
  return { host, button };
}

export function setFlagState(flag: FlagHost, flagged: boolean): void {
  flag.button.setAttribute('data-state', flagged ? 'flagged' : 'idle');
  flag.button.setAttribute(
    'aria-label',
    flagged
      ? 'Edit the outcome recorded for this post (Sourced)'
      : 'Flag this post as the source of an outcome (Sourced)',
  );
}

/**
 * The flag button put into each post: a shadow host holding one button. The shadow root is
 * closed: the site's scripts see the host (and the post key on it, public data) but neither the
 * button nor its flagged state. Only the end-to-end test build opens it, so that tests reach the
 * button through its test id. One button without children (its icon is drawn by the stylesheet),
 * cloned from a template, with one stylesheet shared by every flag: there can be thousands of
 * them on a long feed.
 */
import { SHADOW_MODE } from './build-flags';
import { FLAG_CSS } from './styles';

export const FLAG_HOST_ATTR = 'data-sourced-flag-host';
export const POST_KEY_ATTR = 'data-sourced-post-id';

const LABEL_IDLE = 'Flag this post as the source of an outcome (Sourced)';
const LABEL_FLAGGED = 'Edit the outcome recorded for this post (Sourced)';

export interface FlagHost {
  host: HTMLElement;
  button: HTMLButtonElement;
}

let templates: { doc: Document; host: HTMLElement; button: HTMLButtonElement } | undefined;
let sheet: CSSStyleSheet | null | undefined;

/** The host and button every flag is cloned from (one clone is cheaper than building). */
function templatesFor(doc: Document): { host: HTMLElement; button: HTMLButtonElement } {
  if (templates?.doc === doc) return templates;
  const host = doc.createElement('span');
  host.setAttribute(FLAG_HOST_ATTR, '');
  const button = doc.createElement('button');
  button.type = 'button';
  button.setAttribute('data-testid', 'sourced-flag');
  button.setAttribute('data-state', 'idle');
  button.setAttribute('aria-label', LABEL_IDLE);
  button.title = 'Sourced: flag the outcome of this post';
  templates = { doc, host, button };
  return templates;
}

/** The one constructed stylesheet of every flag; null where the browser cannot adopt one. */
function sharedSheet(): CSSStyleSheet | null {
  if (sheet !== undefined) return sheet;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(FLAG_CSS);
  } catch {
    sheet = null;
  }
  return sheet;
}

/** Whether adopting was seen to work once (checked on the first flag only). */
let adoptionWorks = false;

function style(shadow: ShadowRoot): void {
  const shared = sharedSheet();
  if (shared) {
    try {
      shadow.adoptedStyleSheets = [shared];
      // A content-script compartment may see the assignment accepted yet not applied.
      if (adoptionWorks || shadow.adoptedStyleSheets.length === 1) {
        adoptionWorks = true;
        return;
      }
    } catch {
      // A content-script compartment whose arrays the page's DOM refuses.
    }
    sheet = null;
  }
  const el = shadow.ownerDocument.createElement('style');
  el.textContent = FLAG_CSS;
  shadow.append(el);
}

/**
 * A flag for `postKey`. `onClick` is one listener shared by every flag (no closure per post);
 * it finds its post from the event (see `flagHostOf`).
 */
export function createFlag(
  doc: Document,
  postKey: string,
  onClick: (event: MouseEvent) => void,
  mode: ShadowRootMode = SHADOW_MODE,
): FlagHost {
  const template = templatesFor(doc);
  const host = template.host.cloneNode(false) as HTMLElement;
  host.setAttribute(POST_KEY_ATTR, postKey);
  const shadow = host.attachShadow({ mode });
  style(shadow);
  const button = template.button.cloneNode(false) as HTMLButtonElement;
  button.addEventListener('click', onClick);
  shadow.append(button);
  return { host, button };
}

/** The host of the flag whose button received `event` (the listener runs inside the root). */
export function flagHostOf(event: Event): Element | undefined {
  const button = event.currentTarget;
  if (!(button instanceof Element)) return undefined;
  const root = button.getRootNode();
  return root instanceof ShadowRoot ? root.host : undefined;
}

export function setFlagState(flag: FlagHost, flagged: boolean): void {
  flag.button.setAttribute('data-state', flagged ? 'flagged' : 'idle');
  flag.button.setAttribute('aria-label', flagged ? LABEL_FLAGGED : LABEL_IDLE);
}

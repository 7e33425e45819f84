/**
 * Text helpers shared by the site adapters: read an element's visible text the way a reader sees
 * it, without `innerText` (which forces a layout on every call), and key posts that have no id.
 */
import { cleanText } from '../clean-text';
import { clip } from '../format';

/** Longest text read from one element; the rest of a (hostile) giant post is not walked. */
export const MAX_TEXT = 100_000;
/** Person fields longer than this are refused by the capture schema; clip them here. */
export const MAX_NAME = 200;

/** Elements whose text is never part of what a reader sees. */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'BUTTON', 'svg', 'SVG']);
/** Block elements: their boundaries separate words even when the markup has no space. */
const BLOCK_TAGS = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export interface ReadTextOptions {
  /** Descendants matching this selector are left out (see-more controls and the like). */
  skip?: string;
  max?: number;
}

export interface ReadText {
  text: string;
  /** The element held more than `max` characters; `text` is cut there. */
  truncated: boolean;
}

/**
 * Normalised text of `el`: emoji `<img>` as their `alt`, `<br>` and block boundaries as spaces,
 * buttons, scripts and `skip` matches left out, whitespace runs collapsed, controls (bidi
 * overrides included) removed, trimmed. Iterative, so that hostile nesting cannot overflow the
 * stack.
 */
export function readText(el: Element, options: ReadTextOptions = {}): ReadText {
  const max = options.max ?? MAX_TEXT;
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  // Children are pushed in reverse so that they pop in document order; a string on the stack is
  // text to emit once the element before it is done (the space after a block).
  const stack: (Node | string)[] = [];
  for (let child = el.lastChild; child; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      parts.push(node);
    } else if (node.nodeType === TEXT_NODE) {
      const data = (node as Text).data;
      parts.push(data);
      length += data.length;
    } else if (node.nodeType === ELEMENT_NODE) {
      const child = node as Element;
      const tag = child.tagName;
      if (tag === 'BR') {
        parts.push(' ');
        continue;
      }
      if (tag === 'IMG') {
        const alt = child.getAttribute('alt') ?? '';
        parts.push(alt);
        length += alt.length;
        continue;
      }
      if (SKIPPED_TAGS.has(tag)) continue;
      if (options.skip && child.matches(options.skip)) continue;
      if (BLOCK_TAGS.has(tag)) {
        parts.push(' ');
        stack.push(' ');
      }
      for (let c = child.lastChild; c; c = c.previousSibling) stack.push(c);
    }
    if (length > max) {
      truncated = true;
      break;
    }
  }
  let text = collapse(parts.join(''));
  if (truncated) text = clip(text, max, { ellipsis: '' });
  return { text, truncated };
}

/** Collapse whitespace runs to one space, strip control and bidi-override characters, trim. */
export function collapse(value: string): string {
  return cleanText(value.replace(/\s+/g, ' '));
}

/** A name read from the page, in the shape the capture schema accepts; undefined when empty. */
export function nameText(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const text = clip(collapse(value), MAX_NAME, { ellipsis: '' });
  return text === '' ? undefined : text;
}

/**
 * A 64-bit, non-cryptographic hash (two 32-bit FNV-1a-style lanes) as 16 hex digits. Content keys
 * must be computed synchronously while the page is scanned; Web Crypto's digest is async only.
 * Only used to tell posts apart on one device, never as a security boundary.
 */
export function hashString(value: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ value.length;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2, 0xc2b2ae35);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) ^ h1;
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** `key:` + a hash of what identifies a post that has no id: who posted it and what it says. */
export function contentKey(...fields: (string | undefined)[]): string {
  return `key:h${hashString(fields.map((f) => f ?? '').join('\u0000'))}`;
}

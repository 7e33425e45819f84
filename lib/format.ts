/**
 * Text as the extension shows and sends it: text cut to a length, amounts of money, platform
 * names. Free of Zod and the database, so the content script can use it too.
 */
import { PLATFORM_LABELS } from './capture-constants';

export const ELLIPSIS = '…';

/**
 * Made at first use: building a segmenter loads ICU's break rules, tens of milliseconds that the
 * content script would otherwise pay on every page load before a single post is read.
 */
let segmenter: Intl.Segmenter | undefined;

/**
 * Text is segmented this many UTF-16 units at a time: V8's grapheme segmenter slows down with the
 * square of the text's length (6 s for 100,000 characters, 60 ms in windows of this size).
 */
const WINDOW = 256;

/**
 * The graphemes of `text`, lazily: a 100,000-character post is only walked as far as needed.
 * Window by window, each ending on a whole code point; a window's last grapheme may continue in
 * the next, so the next window starts where it starts. A grapheme longer than a window (only
 * hostile text has one) is split.
 */
export function* graphemes(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + WINDOW);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    let last = '';
    let lastIndex = 0;
    for (const { segment, index } of (segmenter ??= new Intl.Segmenter(undefined, {
      granularity: 'grapheme',
    })).segment(text.slice(start, end))) {
      if (index > 0) yield last;
      last = segment;
      lastIndex = index;
    }
    if (end === text.length || lastIndex === 0) {
      yield last;
      start = end;
    } else {
      start += lastIndex;
    }
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export interface ClipOptions {
  /** Ends a text that was cut, within `max`; '' for none. '…' by default. */
  ellipsis?: string;
  /** Maps each grapheme to its output form (escaping); must never shorten it. */
  render?: (grapheme: string) => string;
}

/**
 * The contract of every cut in the extension: `text` at most `max` UTF-16 units long (the unit
 * of `String.length`, the capture limits, Slack and Teams), cut only between graphemes (never half
 * an emoji, a flag or a letter without its accent), ending with `ellipsis` when it was cut. With
 * `render`, the limit holds for the rendered output and a rendered piece is never cut.
 */
export function clip(
  text: string,
  max: number,
  { ellipsis = ELLIPSIS, render }: ClipOptions = {},
): string {
  // A text that fits is kept whole without being segmented (a render may lengthen it, so only
  // without one): most names and texts fit, and the first segmenter loads ICU's break rules —
  // 20–30 ms of a post's first read, at a click or in the layout check.
  if (!render && text.length <= max) return text;
  render ??= (g) => g;
  // Segmenting is slow on long text, and output is never shorter than input, so a text longer
  // than `max` is cut somewhere in its first `max` units: segment only those (and a margin, so the
  // grapheme straddling `max` is seen whole or left out, never half-kept).
  const source = text.length > max ? text.slice(0, max + 64) : text;
  const pieces: string[] = [];
  let length = 0;
  let cut = false;
  for (const grapheme of graphemes(source)) {
    const piece = render(grapheme);
    if (length + piece.length > max) {
      cut = true;
      break;
    }
    pieces.push(piece);
    length += piece.length;
  }
  if (!cut) return pieces.join('');
  // A limit too small for the ellipsis itself gets none: the limit holds first.
  const mark = ellipsis.length <= max ? ellipsis : '';
  // Make room for the ellipsis by dropping whole rendered pieces (never half an entity).
  while (length + mark.length > max && pieces.length > 0) length -= pieces.pop()!.length;
  return pieces.join('') + mark;
}

export interface Money {
  amount: number;
  /** An ISO 4217 code such as EUR. */
  currency: string;
}

export interface MoneyOptions {
  /** Whose digits and symbols: the reader's own locale by default. */
  locale?: string;
  /** A whole amount without decimals (€12,000 rather than €12,000.00), as announcements read. */
  wholeWithoutDecimals?: boolean;
}

/**
 * `€1,234.50` (the currency's own decimals, in `locale`); an amount in a currency Intl cannot
 * format still shows, as `1234.5 ABC`.
 */
export function formatMoney(
  { amount, currency }: Money,
  { locale, wholeWithoutDecimals = false }: MoneyOptions = {},
): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(wholeWithoutDecimals && Number.isInteger(amount)
        ? { minimumFractionDigits: 0, maximumFractionDigits: 0 }
        : {}),
    }).format(amount);
  } catch {
    return `${amount} ${clip(currency, 3)}`;
  }
}

/** "LinkedIn", "X"; `unknown` for a value that is no platform (unvalidated data). */
export function platformLabel(platform: string, unknown = 'social'): string {
  return Object.hasOwn(PLATFORM_LABELS, platform)
    ? PLATFORM_LABELS[platform as keyof typeof PLATFORM_LABELS]
    : unknown;
}

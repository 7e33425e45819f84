/** Text helpers for payloads: cut long site text without breaking a character or an emoji. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const ELLIPSIS = '…';

/**
 * The graphemes of `text`, lazily: a 100,000-character post is only walked as far as needed.
 */
export function graphemes(text: string): Iterable<string> {
  const segments = segmenter.segment(text);
  return {
    *[Symbol.iterator]() {
      for (const { segment } of segments) yield segment;
    },
  };
}

/**
 * `text` at most `max` UTF-16 units long (the unit Slack, Teams and `String.length` count), cut at
 * a grapheme boundary and marked with an ellipsis when it was cut. `render` maps each grapheme to
 * its output form (for escaping) and must never shorten it; the limit holds for the output.
 */
export function clip(text: string, max: number, render: (g: string) => string = (g) => g): string {
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
  // Make room for the ellipsis by dropping whole rendered pieces (never half an entity).
  while (length + ELLIPSIS.length > max && pieces.length > 0) length -= pieces.pop()!.length;
  return pieces.join('') + ELLIPSIS;
}

/** UTF-8 size of a string in bytes, the unit of the contract's 20 KB body limit. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

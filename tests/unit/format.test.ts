import { describe, expect, it, vi } from 'vitest';
import { clip, formatMoney, graphemes, platformLabel } from '../../lib/format';

describe('formatMoney', () => {
  it('formats with Intl currency rules; announcements drop the decimals of a whole amount', () => {
    const announced = { locale: 'en-US', wholeWithoutDecimals: true };
    expect(formatMoney({ amount: 12000, currency: 'EUR' }, announced)).toBe('€12,000');
    expect(formatMoney({ amount: 1234.5, currency: 'USD' }, announced)).toBe('$1,234.50');
    expect(formatMoney({ amount: 12000, currency: 'EUR' }, { ...announced, locale: 'de-DE' })).toBe(
      '12.000\u00a0€',
    );
    expect(formatMoney({ amount: 5000, currency: 'JPY' }, announced)).toBe('¥5,000');
  });

  it("keeps the currency's own decimals by default, as the popup shows them", () => {
    expect(formatMoney({ amount: 12000, currency: 'EUR' }, { locale: 'en-US' })).toBe('€12,000.00');
    expect(formatMoney({ amount: 12000, currency: 'EUR' }, { locale: 'en-GB' })).toBe('€12,000.00');
  });

  it('still shows an amount in a currency Intl refuses, with the code cut short', () => {
    expect(formatMoney({ amount: 5, currency: 'E1' })).toBe('5 E1');
    expect(formatMoney({ amount: 5, currency: '<script>' })).toBe('5 <s…');
  });
});

describe('platformLabel', () => {
  it('names each platform as people write it', () => {
    expect(platformLabel('linkedin')).toBe('LinkedIn');
    expect(platformLabel('x')).toBe('X');
  });

  it('gives the fallback for anything else, inherited object keys included', () => {
    expect(platformLabel('myspace')).toBe('social');
    expect(platformLabel('constructor')).toBe('social');
    expect(platformLabel('toString', 'unknown')).toBe('unknown');
  });
});

describe('clip', () => {
  it('cuts at grapheme boundaries, even for long combining sequences and flags', () => {
    const zalgo = `e${'\u0301'.repeat(100)}`;
    expect(clip(`ab${zalgo}cd`, 50)).toBe('ab…');
    expect(clip(`ab${zalgo}cd`, 200)).toBe(`ab${zalgo}cd`);
    expect(clip('🇫🇷'.repeat(50), 9)).toBe('🇫🇷🇫🇷…');
    expect(clip('x'.repeat(100_000), 10)).toBe(`${'x'.repeat(9)}…`);
    const render = (g: string) => (g === '&' ? '&amp;' : g);
    expect(clip('a&b', 8, { render })).toBe('a&amp;b');
    expect(clip('a&b', 6, { render })).toBe('a…');
  });

  it('without an ellipsis, keeps as many whole graphemes as fit', () => {
    expect(clip('a'.repeat(9) + '😀'.repeat(10), 10, { ellipsis: '' })).toBe('a'.repeat(9));
    expect(clip('abcdef', 4, { ellipsis: '' })).toBe('abcd');
    expect(clip('👩🏽‍💻👩🏽‍💻', 8, { ellipsis: '' })).toBe('👩🏽‍💻');
    expect(clip('short', 10, { ellipsis: '' })).toBe('short');
  });

  it('never returns more than max units, whatever the ellipsis', () => {
    for (const max of [0, 1, 2, 5]) {
      expect(clip('abcdefgh', max).length).toBeLessThanOrEqual(max);
      expect(clip('abcdefgh', max, { ellipsis: '[cut]' }).length).toBeLessThanOrEqual(max);
    }
  });
});

describe('graphemes', () => {
  it('splits long text exactly as one pass of Intl.Segmenter does, window edges included', () => {
    const atoms = [
      'a',
      ' ',
      '🇫🇷',
      '\u{1F1EB}',
      '👩🏽‍💻',
      '\u200D',
      'e\u0301',
      '👍🏿',
      '\r\n',
      '한',
      '😀',
    ];
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 20; run++) {
      let text = '';
      while (text.length < 2000) text += atoms[Math.floor(next() * atoms.length)];
      const expected = [...segmenter.segment(text)].map((s) => s.segment);
      expect([...graphemes(text)]).toEqual(expected);
    }
  });

  it('walks a giant text in linear time', () => {
    // One pass of the segmenter over 100,000 characters takes seconds in V8; windows do not.
    expect([...graphemes('word '.repeat(20_000))]).toHaveLength(100_000);
  });
});

describe('clip without a segmenter where nothing is cut', () => {
  it('keeps a text that fits as it is and makes no segmenter; a text to cut makes one', async () => {
    // A fresh copy of the module: its segmenter is made at first use and then kept.
    vi.resetModules();
    const fresh = await import('../../lib/format');
    const Original = Intl.Segmenter;
    let made = 0;
    const intl = Intl as { Segmenter: typeof Intl.Segmenter };
    intl.Segmenter = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    };
    try {
      const name = 'Zoë Ångström 👩🏽‍💻';
      expect(fresh.clip(name, name.length)).toBe(name);
      expect(fresh.clip('', 0)).toBe('');
      expect(made).toBe(0);
      // Cutting needs the graphemes: the family emoji stays whole or goes whole.
      expect(fresh.clip('ab👨‍👩‍👧cd', 4)).toBe('ab…');
      expect(made).toBe(1);
      // A render may lengthen the text: it is segmented even when the source fits.
      expect(fresh.clip('a<b', 3, { render: (g) => (g === '<' ? '&lt;' : g) })).toBe('a…');
    } finally {
      intl.Segmenter = Original;
    }
  });
});

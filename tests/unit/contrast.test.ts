/**
 * Colours that must read on every theme they meet: the flag on LinkedIn's and X's light and dark
 * backgrounds (≥ 3:1 for a control, WCAG 1.4.11), and error red as text on the dark extension
 * pages and the dark in-page form (≥ 4.5:1, WCAG 1.4.3). Read from the stylesheets themselves.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The `color:` of the rule whose selector is exactly `selector`. */
function colorOf(css: string, selector: string): string {
  const escaped = selector.replace(/[[\]().*+?^$|\\]/g, '\\$&');
  const rule = new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`).exec(css);
  const color = rule && /(?:^|[;\s])color:\s*(#[0-9a-f]{6})/i.exec(rule[1]!);
  if (!color) throw new Error(`No colour for ${selector}`);
  return color[1]!;
}

/** The flag's stylesheet as written (the build ships it minified). */
const FLAG_CSS = readFileSync(
  path.resolve(__dirname, '../../components/in-page/flag.css'),
  'utf8',
  // Quotes made double: the formatter writes single ones.
).replace(/'/g, '"');

/** LinkedIn (card white, page #f4f2ee, dark card #1d2226) and X (white, dim #15202b, black). */
const SITE_BACKGROUNDS = ['#ffffff', '#f4f2ee', '#1d2226', '#1b1f23', '#15202b', '#000000'];

describe('the flag', () => {
  it.each([
    ['idle', 'button'],
    ['hovered', 'button:hover'],
    ['flagged', 'button[data-state="flagged"]'],
  ])('%s holds 3:1 on every LinkedIn and X theme', (_, selector) => {
    const color = colorOf(FLAG_CSS, selector);
    for (const background of SITE_BACKGROUNDS) {
      expect(contrast(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(3);
    }
  });

  it('flagged differs from idle in shape, not only in hue: filled, where idle is an outline', () => {
    // Idle: the pennant with a hole cut out (evenodd); flagged: the solid pennant.
    expect(FLAG_CSS).toMatch(/\nbutton::after \{[^}]*clip-path: path\(evenodd, "[^"]*Z M[^"]*Z"\)/);
    expect(FLAG_CSS).toMatch(/button\[data-state="flagged"\]::after \{\s*clip-path: polygon\(/);
  });
});

describe('error red as text', () => {
  it('reads at 4.5:1 on the dark extension pages (options and popup)', () => {
    const css = readFileSync(
      path.resolve(__dirname, '../../components/extension-page.css'),
      'utf8',
    );
    const dark = /@media \(prefers-color-scheme: dark\) \{\s*:root \{([^}]*)\}/.exec(css)![1]!;
    const token = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`).exec(dark)![1]!;
    for (const background of [token('bg'), token('card')]) {
      expect(contrast(token('danger'), background)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('reads at 4.5:1 in the in-page form (its frame) on both themes', () => {
    const css = readFileSync(
      path.resolve(__dirname, '../../components/capture-frame/frame.css'),
      'utf8',
    );
    const light = /:root \{([^}]*)\}/.exec(css)![1]!;
    const dark = /:root\[data-theme='dark'\] \{([^}]*)\}/.exec(css)![1]!;
    for (const block of [light, dark]) {
      const token = (name: string) => new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`).exec(block)![1]!;
      for (const background of [token('bg'), token('field')]) {
        expect(contrast(token('danger'), background)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

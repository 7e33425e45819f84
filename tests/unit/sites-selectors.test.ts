// @vitest-environment happy-dom
/**
 * Every selector alternative against every fixture: each one is paired, in the COVERAGE table of
 * its selector file, with the fixtures it must match and how often, so that an alternative that
 * matches nothing anywhere (a fallback for markup no fixture shows) is visible and fails here.
 *
 * How an alternative is counted depends on how the adapter uses its list:
 * - lists tried in order (fallbacks): per post, the alternative that is the first of its list to
 *   match inside the post (its real contribution, not what an earlier alternative already finds);
 * - page-wide lists and single selectors (post markers, excluded parts, skipped controls): the
 *   elements each alternative matches in the whole page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeQueryAll } from '../../lib/sites/dom';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import { LI, LI_COVERAGE } from '../../lib/sites/selectors-linkedin';
import { XS, X_COVERAGE } from '../../lib/sites/selectors-x';
import type { SiteAdapter } from '../../lib/sites/types';
import { xAdapter } from '../../lib/sites/x';
import { FIXTURES_DIR, loadFixture } from '../fixtures/load-page';

type Coverage = Readonly<Record<string, Readonly<Record<string, number>>>>;

interface List {
  /** Where the list sits in the table, for messages. */
  path: string;
  alternatives: readonly string[];
  /** Tried in order, per post (see above); else each alternative counts on its own, page-wide. */
  ordered: boolean;
}

/** Lists whose alternatives are joined into one selector (each counts on its own). */
const PAGE_WIDE = new Set(['postMarker', 'post', 'notOwn', 'textSkip', 'trackingScope']);

/** A selector list written as one string ("a, b") is split at its top-level commas. */
function split(selector: string): string[] {
  return selector.split(/,\s*(?![^(]*\))/);
}

function lists(table: object, prefix = ''): List[] {
  const found: List[] = [];
  for (const [key, value] of Object.entries(table)) {
    const here = prefix ? `${prefix}.${key}` : key;
    const name = prefix.split('.')[1] ?? key;
    if (typeof value === 'string') {
      found.push({ path: here, alternatives: split(value), ordered: false });
    } else if (Array.isArray(value)) {
      const alternatives = (value as string[]).flatMap(split);
      found.push({
        path: here,
        alternatives,
        ordered: alternatives.length > 1 && !PAGE_WIDE.has(name),
      });
    } else if (value && typeof value === 'object') {
      found.push(...lists(value, here));
    }
  }
  return found;
}

interface Site {
  name: string;
  prefix: string;
  table: object;
  coverage: Coverage;
  adapter: SiteAdapter;
}

const SITES: Site[] = [
  {
    name: 'LinkedIn',
    prefix: 'linkedin-',
    table: LI,
    coverage: LI_COVERAGE,
    adapter: linkedinAdapter,
  },
  { name: 'X', prefix: 'x-', table: XS, coverage: X_COVERAGE, adapter: xAdapter },
];

const EXPECTED = ['EXPECTED.json', 'EXPECTED.extra.json', 'EXPECTED.variants.json'].flatMap(
  (file) =>
    Object.entries(
      (
        JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) as {
          fixtures: Record<string, { page_url: string }>;
        }
      ).fixtures,
    ),
);
const PAGE_URL = new Map(EXPECTED.map(([file, f]) => [file, f.page_url]));

/** Counts of every alternative of a site over every fixture of that site. */
function measure(site: Site): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  const add = (selector: string, file: string, n: number) => {
    const row = counts.get(selector) ?? new Map<string, number>();
    counts.set(selector, row);
    if (n > 0) row.set(file, (row.get(file) ?? 0) + n);
  };
  const files = readdirSync(FIXTURES_DIR).filter(
    (f) => f.startsWith(site.prefix) && f.endsWith('.html'),
  );
  const all = lists(site.table);
  for (const file of files) {
    const page = loadFixture(file, PAGE_URL.get(file)!);
    const posts = site.adapter.findPosts(page.document);
    for (const list of all) {
      if (!list.ordered) {
        for (const selector of list.alternatives) {
          add(selector, file, safeQueryAll(page.document, selector).length);
        }
        continue;
      }
      for (const selector of list.alternatives) add(selector, file, 0);
      for (const post of posts) {
        const first = list.alternatives.find((s) => safeQueryAll(post, s).length > 0);
        if (first) add(first, file, 1);
      }
    }
    page.close();
  }
  return counts;
}

describe.each(SITES)('$name selector table', (site) => {
  const counts = measure(site);

  it('pairs every alternative with the fixtures it must match, and nothing else', () => {
    expect(Object.keys(site.coverage).sort()).toEqual([...counts.keys()].sort());
  });

  it.each([...counts.keys()])('%s matches where its table says, as often', (selector) => {
    const listed = site.coverage[selector] ?? {};
    const measured = counts.get(selector)!;
    // An alternative that matches nothing anywhere is dead weight or a variant with no fixture.
    expect(measured.size, `${selector} matches no fixture`).toBeGreaterThan(0);
    expect(Object.keys(listed).length, `${selector} lists no fixture`).toBeGreaterThan(0);
    for (const [file, n] of Object.entries(listed)) {
      expect({ file, n: measured.get(file) ?? 0 }).toEqual({ file, n });
    }
  });

  if (process.env.PRINT_COVERAGE) {
    it('prints a table to paste', () => {
      const table = Object.fromEntries(
        [...counts].map(([selector, row]) => [selector, Object.fromEntries(row)]),
      );
      console.log(`COVERAGE ${site.name} ${JSON.stringify(table)}`);
    });
  }
});

/**
 * The table of UI words (lib/sites/labels.ts): every rule in all seven languages, compared with
 * whole labels, names taken from their place in the template.
 */
import { describe, expect, it } from 'vitest';
import { LABELS, LANGUAGES, labelPattern, labelSet, nameInLabel } from '../../lib/sites/labels';
import { liPromotedBy, liReposted } from '../../lib/sites/selectors-linkedin';
import { xAdLabels } from '../../lib/sites/selectors-x';

describe.each(Object.keys(LABELS) as (keyof typeof LABELS)[])('%s', (rule) => {
  it('has at least one wording in every language', () => {
    for (const lang of LANGUAGES) expect(LABELS[rule][lang].length).toBeGreaterThan(0);
  });

  it('reads the name from its place in every template', () => {
    const pattern = labelPattern(rule);
    for (const lang of LANGUAGES) {
      for (const template of LABELS[rule][lang]) {
        const text = template.replace('{name}', 'Ada Sample');
        expect(nameInLabel(pattern, text)).toBe(template.includes('{name}') ? 'Ada Sample' : '');
      }
    }
  });
});

it('compares whole labels, never substrings', () => {
  expect(xAdLabels().has('Ad')).toBe(true);
  expect(xAdLabels().has('Ad hoc dashboards')).toBe(false);
  expect(labelSet('linkedinAd').has('Promoted to engineering manager')).toBe(false);
  expect(nameInLabel(liReposted(), 'Ada Sample reposted this post and more')).toBeUndefined();
  // A headline that merely ends like a label is no ad.
  expect(liPromotedBy().test('市场推广')).toBe(false);
  expect(liPromotedBy().test('由法布里坎咨询推广')).toBe(true);
  expect(liPromotedBy().test('Promoted by Fabrikam Cloud')).toBe(true);
});

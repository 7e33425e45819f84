// @vitest-environment happy-dom
/** The adapters' building blocks: text reading, keys, ids and times, URL and host checks. */
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../../lib/sites';
import {
  linkedInProfile,
  linkedInTimeFromId,
  urnFromTrackingScope,
} from '../../lib/sites/linkedin';
import { safeQuery, safeQueryAll } from '../../lib/sites/dom';
import { contentKey, hashString, MAX_TEXT, readText } from '../../lib/sites/text';
import { handleFromHref, statusFromPath, xTimeFromId } from '../../lib/sites/x';
import { mintLinkedInId, mintXId } from '../fixtures/generate-feed';

function fragment(build: (doc: Document) => (Node | string)[]): Element {
  const div = document.createElement('div');
  div.append(...build(document));
  return div;
}

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

describe('readText', () => {
  it('reads emoji images as their alt, <br> and blocks as spaces, and collapses whitespace', () => {
    const box = fragment(() => [
      'Fixed\n  it ',
      el('img', { alt: '🧪', src: 'https://example.org/e.svg' }),
      el('br'),
      'twice\u00a0over',
      el('p', {}, 'Second'),
      el('p', {}, 'paragraph'),
    ]);
    expect(readText(box).text).toBe('Fixed it 🧪 twice over Second paragraph');
  });

  it('leaves out buttons, scripts, styles, svg and skipped controls, keeps escaped markup as text', () => {
    const box = fragment(() => [
      'Render <script> as text. ',
      el('script', {}, 'window.evil = 1'),
      el('style', {}, '.x{}'),
      el('button', {}, '… more'),
      el('span', { class: 'see-more' }, 'see more'),
      'Done.',
    ]);
    expect(readText(box, { skip: '.see-more' }).text).toBe('Render <script> as text. Done.');
  });

  it('removes bidi overrides and other control characters', () => {
    const box = fragment(() => ['invoice\u202Efdp.exe\u202C and \u0007bell']);
    expect(readText(box).text).toBe('invoicefdp.exe and bell');
  });

  it('stops at the limit without splitting a surrogate pair', () => {
    const box = fragment(() => ['a'.repeat(9) + '😀'.repeat(10)]);
    const read = readText(box, { max: 10 });
    expect(read.truncated).toBe(true);
    expect(read.text).toBe('a'.repeat(9));
    expect(readText(fragment(() => ['short'])).truncated).toBe(false);
  });

  it('walks hostile nesting without overflowing the stack', () => {
    // A chain of 200,000 node-like objects: deeper than any call stack, and far quicker to build
    // than real DOM nodes. readText only uses these members.
    type FakeNode = {
      nodeType: number;
      tagName?: string;
      data?: string;
      lastChild: FakeNode | null;
      previousSibling: null;
      getAttribute: () => null;
      matches: () => boolean;
    };
    let node: FakeNode = {
      nodeType: 3,
      data: 'deep',
      lastChild: null,
      previousSibling: null,
      getAttribute: () => null,
      matches: () => false,
    };
    for (let i = 0; i < 200_000; i++) {
      node = {
        nodeType: 1,
        tagName: 'SPAN',
        lastChild: node,
        previousSibling: null,
        getAttribute: () => null,
        matches: () => false,
      };
    }
    expect(readText(node as unknown as Element, { skip: '.x' }).text).toBe('deep');
  });

  it('caps giant text at MAX_TEXT', () => {
    const read = readText(fragment(() => ['word '.repeat(MAX_TEXT)]));
    expect(read.truncated).toBe(true);
    expect(read.text.length).toBeLessThanOrEqual(MAX_TEXT);
  });
});

describe('chained selectors', () => {
  it('find a B inside an A, in document order, without duplicates', () => {
    const box = fragment(() => [
      el(
        'div',
        { class: 'a' },
        el('span', { id: '1' }),
        el('div', { class: 'a' }, el('span', { id: '2' })),
      ),
      el('span', { id: '3' }),
    ]);
    expect(safeQuery(box, '.a >> span')?.id).toBe('1');
    expect(Array.from(safeQueryAll(box, '.a >> span'), (e) => e.id)).toEqual(['1', '2']);
    expect(safeQuery(box, '.b >> span')).toBeNull();
    expect(Array.from(safeQueryAll(box, '[[invalid'))).toEqual([]);
  });
});

describe('content keys', () => {
  it('are stable 64-bit hex hashes that tell fields apart', () => {
    expect(hashString('Contoso')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashString('Contoso')).toBe(hashString('Contoso'));
    expect(hashString('Contoso')).not.toBe(hashString('Contosp'));
    expect(contentKey('a', 'bc')).not.toBe(contentKey('ab', 'c'));
    expect(contentKey('a', 'b')).toMatch(/^key:h[0-9a-f]{16}$/);
  });
});

describe('time from id', () => {
  it('decodes minted ids back to their millisecond', () => {
    const ms = Date.UTC(2026, 4, 20, 11, 18, 9, 412);
    expect(xTimeFromId(mintXId(ms, 0x3fffff))).toBe('2026-05-20T11:18:09.412Z');
    expect(linkedInTimeFromId(`urn:li:activity:${mintLinkedInId(ms, 12345)}`)).toBe(
      '2026-05-20T11:18:09.412Z',
    );
  });

  it('keeps ids above 2^53 exact (a Number would round them)', () => {
    const id = '2057058290524602507';
    expect(Number(id).toString()).not.toBe(id);
    expect(xTimeFromId(id)).toBe('2026-05-20T11:18:09.412Z');
  });

  it('refuses pre-snowflake, malformed and absurd ids', () => {
    expect(xTimeFromId('20')).toBeUndefined(); // 2006: sequential ids carry no time
    expect(xTimeFromId('12a')).toBeUndefined();
    expect(linkedInTimeFromId('urn:li:activity:99999999999999999999999')).toBeUndefined();
    expect(linkedInTimeFromId('urn:li:activity:')).toBeUndefined();
  });
});

describe('linkedInProfile', () => {
  it.each([
    [
      'https://www.linkedin.com/in/priya-lorem?miniProfileUrn=urn%3Ali%3Afs',
      'in/priya-lorem',
      'https://www.linkedin.com/in/priya-lorem/',
    ],
    [
      'https://www.linkedin.com/in/priya-lorem/?trk=x',
      'in/priya-lorem',
      'https://www.linkedin.com/in/priya-lorem/',
    ],
    [
      'https://www.linkedin.com/company/northwind-robotics/posts',
      'company/northwind-robotics',
      'https://www.linkedin.com/company/northwind-robotics/',
    ],
    [
      '/in/j%C3%BCrgen-m%C3%BCller/',
      'in/jürgen-müller',
      'https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller/',
    ],
  ])('%s → %s', (href, handle, url) => {
    expect(linkedInProfile(href)).toEqual({ handle, url });
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'https://evil.example/in/priya-lorem/',
    'https://www.linkedin.com/feed/update/urn:li:activity:1/',
    '',
    null,
  ])('refuses %s', (href) => {
    expect(linkedInProfile(href)).toBeUndefined();
  });
});

describe('X links', () => {
  const page = new URL('https://twitter.com/home');
  it('reads handles from profile links only', () => {
    expect(handleFromHref('/priyalorem', page)).toBe('priyalorem');
    expect(handleFromHref('https://x.com/priyalorem', page)).toBe('priyalorem');
    expect(handleFromHref('/home', page)).toBeUndefined();
    expect(handleFromHref('/priyalorem/status/1', page)).toBeUndefined();
    expect(handleFromHref('javascript:alert(1)', page)).toBeUndefined();
    expect(handleFromHref('https://evil.example/priyalorem', page)).toBeUndefined();
  });

  it('reads status paths, marking media viewer links', () => {
    expect(statusFromPath('/lenanullson/status/2056995848406824614/photo/1')).toEqual({
      handle: 'lenanullson',
      id: '2056995848406824614',
      media: true,
    });
    expect(statusFromPath('/i/status/2056995848406824614')).toEqual({
      handle: undefined,
      id: '2056995848406824614',
      media: false,
    });
    expect(statusFromPath('/lenanullson/status/2056995848406824614/analytics')).toBeUndefined();
  });
});

describe('urnFromTrackingScope', () => {
  const scope = (inner: string) =>
    JSON.stringify([
      { breadcrumb: { content: { data: Array.from(new TextEncoder().encode(inner)) } } },
    ]);

  it('decodes the breadcrumb bytes', () => {
    expect(urnFromTrackingScope(scope('{"updateUrn":"urn:li:activity:7462783475389644905"}'))).toBe(
      'urn:li:activity:7462783475389644905',
    );
  });

  it.each([
    ['not JSON', '{{{'],
    ['JSON null', 'null'],
    ['numbers', '[1,2,3]'],
    [
      'bytes that are not numbers',
      JSON.stringify([{ breadcrumb: { content: { data: ['x', {}, null] } } }]),
    ],
    ['no URN in the bytes', scope('{"trackingId":"abc"}')],
    ['a URN with letters', scope('{"updateUrn":"urn:li:activity:12ab"}')],
    ['a giant scope', scope(`{"updateUrn":"urn:li:activity:1","pad":"${'x'.repeat(70_000)}"}`)],
  ])('returns nothing for %s', (_, raw) => {
    expect(urnFromTrackingScope(raw)).toBeUndefined();
  });
});

describe('adapterFor', () => {
  it.each([
    ['https://www.linkedin.com/feed/', 'linkedin'],
    ['https://x.com/home', 'x'],
    ['https://twitter.com/home', 'x'],
    ['https://mobile.x.com/home', 'x'],
    ['https://mobile.twitter.com/home', 'x'],
  ])('%s → %s', (url, platform) => {
    expect(adapterFor(new URL(url))?.platform).toBe(platform);
  });

  it.each([
    'https://linkedin.com/feed/',
    'https://www.linkedin.com.evil.example/feed/',
    'https://x.com.evil.example/home',
    'http://x.com/home',
    'https://example.org/',
  ])('serves nothing on %s', (url) => {
    expect(adapterFor(new URL(url))).toBeUndefined();
  });
});

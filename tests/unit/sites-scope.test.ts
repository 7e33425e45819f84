// @vitest-environment happy-dom
/**
 * Reading a post must cost time in proportion to the post, not to its size squared: a post with
 * thousands of comment blocks (each repeating actor and text blocks the post's own lookups must
 * skip) used to freeze the tab, since every candidate was checked against every comment. Counted
 * in DOM steps (`contains` calls and parent hops), never in wall-clock time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Scope } from '../../lib/sites/dom';
import { linkedinAdapter } from '../../lib/sites/linkedin';
import { loadHtml } from '../fixtures/load-page';

const COMMENTS = 5_000;
const URN = 'urn:li:activity:7462783475389644905';

/** One Ember comment block, shaped like LinkedIn's (actor, sub-line, text), with synthetic text. */
function commentTemplate(doc: Document): Element {
  const block = doc.createElement('article');
  block.className = 'comments-comment-entity';
  block.innerHTML =
    '<div class="update-components-actor"><a class="update-components-actor__meta-link" href="https://www.linkedin.com/in/commenter-sample/">' +
    '<span class="update-components-actor__title"><span aria-hidden="true">Commenter Sample</span></span></a>' +
    '<span class="update-components-actor__sub-description"><span aria-hidden="true">1h</span></span></div>' +
    '<div class="update-components-text"><span dir="ltr">A reply</span></div>';
  return block;
}

/**
 * A post with 5,000 comment blocks: side by side, or as threads of replies nested 50 deep (real
 * threads nest a few levels; deeper chains are what a hostile page can build, and happy-dom's
 * selector engine recurses per level, which bounds what a unit test can build).
 */
function post(nested: boolean) {
  const page = loadHtml(
    `<!doctype html><html><body class="ember-application"><div data-id="${URN}" class="occludable-update">` +
      `<div class="feed-shared-update-v2" role="article" data-urn="${URN}">` +
      `<div class="update-components-actor"><a class="update-components-actor__meta-link" href="https://www.linkedin.com/in/ada-sample/">` +
      `<span class="update-components-actor__title"><span aria-hidden="true">Ada Sample</span></span></a>` +
      `<span class="update-components-actor__sub-description"><span aria-hidden="true">2h</span></span></div>` +
      `<div class="update-components-text"><span dir="ltr">A post with a very long thread.</span></div>` +
      `<div class="feed-shared-update-v2__comments-container"></div></div></div></body></html>`,
    'https://www.linkedin.com/feed/',
  );
  const doc = page.document;
  // No `.comments-comments-list` wrapper (React pages and hostile pages have none): each block
  // is an excluded part of its own.
  const list = doc.querySelector('.feed-shared-update-v2__comments-container')!;
  const template = commentTemplate(doc);
  // Counted as built: a query over 45,000 elements costs seconds in happy-dom.
  const elements =
    doc.querySelector('.occludable-update')!.querySelectorAll('*').length +
    COMMENTS * (template.querySelectorAll('*').length + 1);
  let parent = list;
  for (let i = 0; i < COMMENTS; i++) {
    const block = template.cloneNode(true) as Element;
    block.setAttribute(
      'data-id',
      `urn:li:comment:(activity:7462783475389644905,${7462790000000000000n + BigInt(i)})`,
    );
    parent.append(block);
    if (nested) parent = i % 50 === 49 ? list : block;
  }
  return { ...page, elements };
}

/** Counts the DOM steps an ownership check can take, and stops a run that exceeds `budget`. */
function countSteps(budget: number, doc: Document) {
  // The page's own DOM classes (its window's, not the test environment's).
  let proto: object | null = doc.createElement('div');
  while (proto && !Object.getOwnPropertyDescriptor(proto, 'parentElement')) {
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  const node = proto as Node;
  const parentGetter = Object.getOwnPropertyDescriptor(node, 'parentElement')!.get!;
  const containsFn = node.contains;
  let steps = 0;
  const step = () => {
    if (++steps > budget) throw new Error(`over budget: more than ${budget} DOM steps`);
  };
  vi.spyOn(node, 'parentElement', 'get').mockImplementation(function (this: Node) {
    step();
    return parentGetter.call(this) as HTMLElement | null;
  });
  vi.spyOn(node, 'contains').mockImplementation(function (this: Node, other: Node | null) {
    step();
    return containsFn.call(this, other);
  });
  return () => steps;
}

afterEach(() => vi.restoreAllMocks());

describe.each([
  ['side by side', false],
  ['nested', true],
])('a post with %s comment blocks', (_name, nested) => {
  it('is read with DOM steps in proportion to its size, and reads its own fields', () => {
    const page = post(nested);
    const [el] = linkedinAdapter.findPosts(page.document);
    const elements = page.elements;
    // Linear: a few steps per element of the post (each element's parent is looked at once per
    // scope, and a read builds a handful of scopes). The quadratic check took millions.
    const steps = countSteps(20 * elements, page.document);
    const read = linkedinAdapter.extract(el!, page.url);
    expect(steps()).toBeLessThanOrEqual(20 * elements);
    expect(read).toMatchObject({
      id: URN,
      kind: 'post',
      author: { name: 'Ada Sample', handle: 'in/ada-sample' },
      text: 'A post with a very long thread.',
    });
    expect(read.partial).toBeUndefined();
    page.close();
  }, 60_000);
});

describe('Scope.owns', () => {
  it('tells own elements from excluded parts, nested parts included', () => {
    const page = post(true);
    const [el] = linkedinAdapter.findPosts(page.document);
    const scope = new Scope(el!, '.comments-comment-entity');
    const texts = el!.querySelectorAll('.update-components-text');
    expect(scope.owns(el!.querySelector('.update-components-text')!)).toBe(true);
    expect(scope.owns(texts[texts.length - 1]!)).toBe(false);
    expect(scope.all('.update-components-text')).toHaveLength(1);
    page.close();
  }, 60_000);
});

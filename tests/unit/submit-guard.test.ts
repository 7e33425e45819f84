/**
 * The rule of the in-page Submit: visible and unobscured without a break for 500 ms, not just
 * appeared or moved, and visible again when the browser looks after the click. Entries are
 * IntersectionObserver v2 entries as Chromium reports them (isVisible), on a clock we drive.
 */
import { describe, expect, test } from 'vitest';
import {
  SubmitGuard,
  supportsVisibility,
  VISIBLE_FOR_MS,
  visibleNow,
  watchVisibility,
  type VisibilityEntry,
} from '../../components/capture-frame/submit-guard';

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const visible = (time: number): VisibilityEntry => ({
  isIntersecting: true,
  isVisible: true,
  time,
});
const hidden = (time: number): VisibilityEntry => ({
  isIntersecting: true,
  isVisible: false,
  time,
});

describe('SubmitGuard', () => {
  test('not ready before the browser has said the form is visible', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    c.advance(5000);
    expect(guard.ready()).toBe(false);
    expect(guard.waitMs()).toBeNull();
  });

  test('ready once visible without a break for 500 ms, not a moment earlier', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([visible(c.now())]);
    c.advance(VISIBLE_FOR_MS - 1);
    expect(guard.ready()).toBe(false);
    expect(guard.waitMs()).toBe(1);
    c.advance(1);
    expect(guard.ready()).toBe(true);
  });

  test('made invisible (opacity, filter, covered): not ready, and the 500 ms start again', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([visible(c.now())]);
    c.advance(2000);
    expect(guard.ready()).toBe(true);
    guard.observe([hidden(c.now())]);
    expect(guard.ready()).toBe(false);
    c.advance(100);
    guard.observe([visible(c.now())]);
    c.advance(400);
    expect(guard.ready()).toBe(false);
    c.advance(100);
    expect(guard.ready()).toBe(true);
  });

  test('scrolled out of view (not intersecting) is not visible, whatever isVisible says', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([{ isIntersecting: false, isVisible: true, time: c.now() }]);
    c.advance(1000);
    expect(guard.ready()).toBe(false);
  });

  test('a browser without isVisible (IntersectionObserver v1) never makes it ready', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([{ isIntersecting: true, time: c.now() }]);
    c.advance(10_000);
    expect(guard.ready()).toBe(false);
  });

  test('moved under the cursor: not ready for another 500 ms', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([visible(c.now())]);
    c.advance(3000);
    guard.moved();
    expect(guard.ready()).toBe(false);
    c.advance(499);
    expect(guard.ready()).toBe(false);
    c.advance(1);
    expect(guard.ready()).toBe(true);
  });

  test('the last of several entries in one report decides', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    guard.observe([visible(c.now()), hidden(c.now() + 1)]);
    c.advance(1000);
    expect(guard.ready()).toBe(false);
    guard.observe([hidden(c.now()), visible(c.now())]);
    c.advance(500);
    expect(guard.ready()).toBe(true);
  });
});

/** A stand-in for IntersectionObserver that reports what the test says, when it says. */
function fakeObservers() {
  const made: {
    options: IntersectionObserverInit & { trackVisibility: boolean; delay: number };
    report: (entries: VisibilityEntry[]) => void;
    observed: Element[];
    disconnected: boolean;
  }[] = [];
  const create = (
    callback: (entries: VisibilityEntry[]) => void,
    options: IntersectionObserverInit & { trackVisibility: boolean; delay: number },
  ) => {
    const record = { options, report: callback, observed: [] as Element[], disconnected: false };
    made.push(record);
    return {
      observe: (el: Element) => void record.observed.push(el),
      disconnect: () => void (record.disconnected = true),
    };
  };
  return { made, create };
}

describe('the observers', () => {
  test('the long-running observer asks for visibility tracking and feeds the guard', () => {
    const c = clock();
    const guard = new SubmitGuard(c.now);
    const fake = fakeObservers();
    const target = {} as Element;
    let changes = 0;
    const stop = watchVisibility(target, guard, () => changes++, fake.create);
    expect(fake.made[0]!.options).toMatchObject({ trackVisibility: true, delay: 100 });
    expect(fake.made[0]!.observed).toEqual([target]);
    fake.made[0]!.report([visible(c.now())]);
    c.advance(600);
    expect(guard.ready()).toBe(true);
    expect(changes).toBe(1);
    stop();
    expect(fake.made[0]!.disconnected).toBe(true);
  });

  test('after a click, a fresh observer decides: visible is yes, hidden or silent is no', async () => {
    const fake = fakeObservers();
    const target = {} as Element;
    const yes = visibleNow(target, fake.create);
    fake.made[0]!.report([visible(0)]);
    expect(await yes).toBe(true);
    expect(fake.made[0]!.disconnected).toBe(true);

    const no = visibleNow(target, fake.create);
    fake.made[1]!.report([hidden(0)]);
    expect(await no).toBe(false);

    const silent = visibleNow(target, fake.create, 20);
    expect(await silent).toBe(false);
  });

  test('support is detected from IntersectionObserverEntry.isVisible', () => {
    class V1 {}
    class V2 {
      get isVisible() {
        return true;
      }
    }
    expect(supportsVisibility({ IntersectionObserverEntry: V1 } as never)).toBe(false);
    expect(supportsVisibility({ IntersectionObserverEntry: V2 } as never)).toBe(true);
    expect(supportsVisibility({} as never)).toBe(false);
  });
});

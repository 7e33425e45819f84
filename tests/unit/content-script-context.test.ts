// @vitest-environment happy-dom
/**
 * The content script's own context (components/in-page/content-script-context.ts, in place of
 * WXT's in the content script's build): it ends only when the extension context is really gone,
 * however often a page forges the announcement of a newer copy.
 */
import { expect, test, vi } from 'vitest';
import { ContentScriptContext } from '../../components/in-page/content-script-context';

test('a forged announcement does not end a live context; the end of the extension does, once', () => {
  let alive = true;
  const ctx = new ContentScriptContext('content', {}, () => alive);
  const ended = vi.fn();
  const stop = ctx.onInvalidated(ended);
  document.dispatchEvent(new CustomEvent('sourced:content-script-started'));
  expect(ctx.isInvalid).toBe(false);
  expect(ended).not.toHaveBeenCalled();

  alive = false;
  // A newer copy (as Firefox injects one on update) announces itself: the old copy checks.
  new ContentScriptContext('content', {}, () => true);
  expect(ended).toHaveBeenCalledOnce();
  expect(ctx.isValid).toBe(false);
  document.dispatchEvent(new CustomEvent('sourced:content-script-started'));
  expect(ended).toHaveBeenCalledOnce();
  stop();
});

test('a listener removed before the end is not called', () => {
  let alive = true;
  const ctx = new ContentScriptContext('content', {}, () => alive);
  const ended = vi.fn();
  ctx.onInvalidated(ended)();
  alive = false;
  expect(ctx.isInvalid).toBe(true);
  expect(ended).not.toHaveBeenCalled();
});

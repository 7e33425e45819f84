/**
 * Messages are typed by direction: the content script's messenger knows the content protocol
 * only, the pages' messenger the page protocol only. These are compile-time checks (`npm run
 * typecheck` fails if a `@ts-expect-error` below stops being an error); the functions are never
 * called.
 */
import { expect, expectTypeOf, test } from 'vitest';
import type { sendToBackground as sendFromContent } from '../../lib/messaging/content';
import type { sendToBackground as sendFromForm } from '../../lib/messaging/form';
import type { PageSend } from '../../lib/messaging/page';
import type { CaptureSummary } from '../../lib/messages';
import type { Result } from '../../lib/result';

/** Type checks only: never run. */
function checks(
  contentSend: typeof sendFromContent,
  pageSend: PageSend,
  formSend: typeof sendFromForm,
) {
  // @ts-expect-error A content script cannot save a capture: only the form frame can (issue 17).
  void contentSend('formSave', {
    session: 'x',
    outcome: { type: 'deal', stage: 'won' },
    submit: true,
  });
  // @ts-expect-error Nor read the capture of a post: no content message answers with an outcome.
  void contentSend('captureForPost', { postKey: 'x' });
  // @ts-expect-error The form frame does not speak the content protocol.
  void formSend('flagStates', { postKeys: [] });
  expectTypeOf(contentSend('openForm', {} as never)).resolves.toEqualTypeOf<
    Result<{ form: string }>
  >();
  // @ts-expect-error A content script cannot ask for a page message (a sync, a delete).
  void contentSend('syncNow', undefined);
  // @ts-expect-error Nor for a change of settings.
  void contentSend('setDebugLog', { on: true });
  // @ts-expect-error A page does not speak the content protocol.
  void pageSend('saveCapture', { postKeys: [] });
  // @ts-expect-error The data of a message is typed: an id is a string.
  void pageSend('submitCapture', { id: 7 });

  expectTypeOf(contentSend('flagStates', { postKeys: ['a'] })).resolves.toEqualTypeOf<
    Result<string[]>
  >();
  expectTypeOf(pageSend('submitCapture', { id: 'x' })).resolves.toEqualTypeOf<
    Result<CaptureSummary>
  >();
}

test('each side knows only its own protocol (checked by the compiler)', () => {
  expect(typeof checks).toBe('function');
});

// @vitest-environment happy-dom
/**
 * The form as the frame shows it: Submit only through its gate (waiting, ready with the check
 * after the click, or "Submit from the Sourced popup" where the browser cannot tell), and the
 * frame app's round trip with the background (open, save, close) through fake services.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { CaptureForm, SUBMIT_IN_POPUP, type SubmitGate } from '../../components/CaptureForm';
import { FrameApp } from '../../components/capture-frame/FrameApp';
import type { FrameServices } from '../../components/capture-frame/services';
import type { FormView } from '../../lib/messages';
import { fail, ok } from '../../lib/result';
import { OUTCOME } from './capture-fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const byId = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`)!;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const POST = { platform: 'linkedin' as const, author: 'Priya Lorem', excerpt: 'A post' };

function form(gate: SubmitGate, onSave = vi.fn().mockResolvedValue(ok(null))) {
  render(<CaptureForm post={POST} submitGate={gate} onSave={onSave} onCancel={() => {}} />, root);
  return onSave;
}

describe('Submit through its gate', () => {
  test('waiting: Submit is disabled and a click saves nothing', async () => {
    const confirm = vi.fn().mockResolvedValue(true);
    const onSave = form({ state: 'waiting', confirm });
    expect(byId<HTMLButtonElement>('sourced-submit').disabled).toBe(true);
    byId('sourced-submit').click();
    await flush();
    expect(confirm).not.toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
  });

  test('ready, but the look after the click says no: nothing is saved and the user is told', async () => {
    const onSave = form({ state: 'ready', confirm: vi.fn().mockResolvedValue(false) });
    byId('sourced-submit').click();
    await flush();
    await flush();
    expect(onSave).not.toHaveBeenCalled();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('nothing was submitted');
  });

  test('ready and confirmed: submitted', async () => {
    const onSave = form({ state: 'ready', confirm: vi.fn().mockResolvedValue(true) });
    byId('sourced-submit').click();
    await flush();
    await flush();
    expect(onSave).toHaveBeenCalledWith({ type: 'customer', stage: 'identified' }, true);
  });

  test('a browser that cannot tell: drafts only, and the form says to submit from the popup', async () => {
    const onSave = form({ state: 'popup', confirm: vi.fn().mockResolvedValue(true) });
    expect(byId<HTMLButtonElement>('sourced-submit').disabled).toBe(true);
    expect(root.textContent).toContain('Submit from the Sourced popup');
    expect(SUBMIT_IN_POPUP).toContain('drafts only');
    byId('sourced-submit').click();
    byId('sourced-save-draft').click();
    await flush();
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith(expect.anything(), false);
  });
});

describe('the frame app', () => {
  const VIEW: FormView = {
    session: '6f1d8a9e-3c1b-4c2e-9f57-8d0f3a1b2c4d',
    post: POST,
    capture: { id: 'c1', status: 'draft', outcome: OUTCOME },
    theme: 'dark',
  };
  function services(
    open = ok(VIEW),
  ): FrameServices & { [K in 'save' | 'close']: ReturnType<typeof vi.fn> } {
    return {
      open: vi.fn().mockResolvedValue(open),
      save: vi.fn().mockResolvedValue(ok({ id: 'c1', status: 'draft' })),
      close: vi.fn().mockResolvedValue(undefined),
    };
  }

  test('shows the capture to edit, in the page’s theme; Save draft saves under the session', async () => {
    const s = services();
    render(<FrameApp services={s} />, root);
    await vi.waitFor(() => expect(byId('sourced-form')).toBeTruthy());
    expect(root.querySelector('h2')?.textContent).toContain('Edit');
    expect(byId<HTMLTextAreaElement>('sourced-note').value).toBe(OUTCOME.note);
    await vi.waitFor(() =>
      expect(document.documentElement.getAttribute('data-theme')).toBe('dark'),
    );
    // happy-dom has no IntersectionObserver v2: the in-page form cannot submit here.
    expect(byId<HTMLButtonElement>('sourced-submit').disabled).toBe(true);
    expect(root.textContent).toContain('Submit from the Sourced popup');
    // The frame's own buttons ignore synthetic clicks; a trusted one is what the browser sends.
    byId('sourced-save-draft').dispatchEvent(trustedClick());
    await flush();
    expect(s.save).toHaveBeenCalledWith(VIEW.session, OUTCOME, false);
  });

  test('Escape anywhere in the frame closes the form', async () => {
    const s = services();
    render(<FrameApp services={s} />, root);
    await vi.waitFor(() => expect(byId('sourced-form')).toBeTruthy());
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(s.close).toHaveBeenCalledWith(VIEW.session);
  });

  test('an expired form says so and offers to close', async () => {
    const s = services(
      fail('This form has expired. Close it and click the flag on the post again.'),
    );
    render(<FrameApp services={s} />, root);
    await vi.waitFor(() => expect(root.textContent).toContain('expired'));
    byId('sourced-cancel').click();
    expect(s.close).toHaveBeenCalledWith(undefined);
  });
});

/** A click event whose isTrusted reads true, as a person's click in the browser does. */
function trustedClick(): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

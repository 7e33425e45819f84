/**
 * The capture form inside its extension-origin frame: it asks the background for the post its
 * tab registered and that post's capture, guards Submit against clicks the site engineered
 * (submit-guard.ts), and saves through the background, which then closes the frame.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FormView } from '../../lib/messages';
import type { Result } from '../../lib/result';
import { CaptureForm, type SubmitGate } from '../CaptureForm';
import type { FrameServices } from './services';
import {
  SubmitGuard,
  supportsVisibility,
  VISIBILITY_DELAY_MS,
  visibleNow,
  watchVisibility,
} from './submit-guard';

/** Sent by the content script when the frame moved or changed size (it can only delay a submit). */
export const MOVED_MESSAGE = 'sourced:moved';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function FrameApp({ services }: { services: FrameServices }) {
  const [view, setView] = useState<Result<FormView> | null>(null);
  const guard = useMemo(() => new SubmitGuard(), []);
  const supported = useMemo(() => supportsVisibility(), []);
  const [ready, setReady] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const session = view?.ok ? view.value.session : undefined;

  useEffect(() => {
    void services.open().then(setView);
  }, [services]);

  useEffect(() => {
    if (view?.ok) document.documentElement.setAttribute('data-theme', view.value.theme);
  }, [view]);

  // Escape closes the form wherever the focus is inside the frame.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      void services.close(session);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [services, session]);

  useEffect(() => {
    const target = box.current;
    if (!target) return;
    if (!supported) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      setReady(guard.ready());
      const wait = guard.waitMs();
      if (wait !== null && wait > 0) timer = setTimeout(update, wait + 5);
    };
    const stop = watchVisibility(target, guard, update);
    const onMessage = (event: MessageEvent) => {
      // From anyone: a "moved" report can only delay a submit, so a forged one does no harm.
      if ((event.data as { type?: unknown } | null)?.type !== MOVED_MESSAGE) return;
      guard.moved();
      update();
    };
    window.addEventListener('message', onMessage);
    return () => {
      stop();
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
  }, [guard, supported]);

  const gate: SubmitGate = {
    state: !supported ? 'popup' : ready ? 'ready' : 'waiting',
    confirm: async () => {
      const target = box.current;
      if (!target || !guard.ready()) return false;
      // The browser looks again after the click, and a move reported meanwhile still counts.
      const visible = await visibleNow(target);
      await sleep(VISIBILITY_DELAY_MS);
      return visible && guard.ready();
    },
  };

  return (
    <div ref={box} class="frame-box">
      {view === null ? (
        <p class="frame-loading">Loading…</p>
      ) : !view.ok ? (
        <div class="sourced-form" data-testid="sourced-form">
          <p class="sourced-error" role="alert">
            {view.error}
          </p>
          <div class="sourced-actions">
            <button
              type="button"
              data-testid="sourced-cancel"
              onClick={() => void services.close(undefined)}
            >
              Close
            </button>
          </div>
        </div>
      ) : (
        <CaptureForm
          post={view.value.post}
          initial={view.value.capture?.outcome}
          editing={view.value.capture !== null}
          defaultCurrency={view.value.capture?.outcome.value?.currency}
          trustedOnly
          submitGate={gate}
          onCancel={() => void services.close(session)}
          onSave={(outcome, submit) => services.save(view.value.session, outcome, submit)}
        />
      )}
    </div>
  );
}

/**
 * What the form frame needs from outside: the background (FormProtocol of lib/messages.ts). Nothing
 * is posted to the embedding page. Tests pass their own.
 */
import type { Outcome } from '../../lib/capture';
import { messaging, type CaptureRef, type FormView } from '../../lib/messages';
import { fail, type Result } from '../../lib/result';

export interface FrameServices {
  open: () => Promise<Result<FormView>>;
  save: (session: string, outcome: Outcome, submit: boolean) => Promise<Result<CaptureRef>>;
  close: (session: string | undefined) => Promise<void>;
}

const NO_ANSWER = 'Sourced did not answer (was it updated?). Reload the page and try again.';

export function frameServices(): FrameServices {
  return {
    open: () => messaging.sendMessage('formOpen', undefined).catch(() => fail(NO_ANSWER)),
    save: (session, outcome, submit) =>
      messaging.sendMessage('formSave', { session, outcome, submit }).catch(() => fail(NO_ANSWER)),
    close: async (session) => {
      // Without a session (the form never opened) there is nothing to forget; the background
      // still tells the tab to remove the frame.
      await messaging
        .sendMessage('formClose', { session: session ?? crypto.randomUUID() })
        .catch(() => fail(NO_ANSWER));
    },
  };
}

/**
 * What the form frame needs from outside: the background (FormProtocol of lib/messages.ts). Nothing
 * is posted to the embedding page. Tests pass their own.
 */
import type { Outcome } from '../../lib/capture';
import type { CaptureRef, FormView } from '../../lib/messages';
import { sendToBackground } from '../../lib/messaging/form';
import type { Result } from '../../lib/result';

export interface FrameServices {
  open: () => Promise<Result<FormView>>;
  save: (session: string, outcome: Outcome, submit: boolean) => Promise<Result<CaptureRef>>;
  close: (session: string | undefined) => Promise<void>;
}

export function frameServices(): FrameServices {
  return {
    open: () => sendToBackground('formOpen', undefined),
    save: (session, outcome, submit) => sendToBackground('formSave', { session, outcome, submit }),
    close: async (session) => {
      // Without a session (the form never opened) there is nothing to forget; the background
      // still tells the tab to remove the frame.
      await sendToBackground('formClose', { session: session ?? crypto.randomUUID() });
    },
  };
}

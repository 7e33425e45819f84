/**
 * The background's side of the capture form, which runs in an extension page framed into the
 * site (entrypoints/capture-frame). The content script only registers the post it read (public
 * data) for its tab; the frame of that tab fetches it once, with the post's capture, and saves.
 * Nothing here ever answers a content script with an outcome: a compromised site renderer runs
 * as the content script and may call every content message (see SECURITY.md).
 */
import type { z } from 'zod';
import { captureForPost, saveCapture, type StoreContext } from '../capture-store';
import type { Capture } from '../capture';
import { UserFacingError } from '../errors';
import { isSiteUrl } from '../hosts';
import type {
  ExtractedPostSchema,
  FormCloseRequestSchema,
  FormSaveRequestSchema,
  OpenFormRequestSchema,
} from '../message-schemas';
import { FORM_REQUEST_SCHEMAS } from '../message-schemas';
import type { CaptureRef, FormProtocol, FormView } from '../messages';
import type { FormReply } from '../messaging/form';
import { fail } from '../result';
import { effectiveEndpoint } from '../settings/effective';
import type { MessageSender } from './content-handlers';
import { dispatch } from './dispatch';

/** The page of this extension that holds the in-page form (the WXT entrypoint's output). */
export const FORM_FRAME_PATH = '/capture-frame.html';
/** Characters of the post shown above the form. */
const PREVIEW_LENGTH = 280;
/** A registered post waits this long for its frame to load. */
const PENDING_MS = 30_000;
/** An open form stays usable this long (a person may take their time to write the note). */
const SESSION_MS = 2 * 60 * 60_000;

/** Where sessions live: storage.session in the browser, so that a restarted worker keeps them. */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

interface FormSession {
  tabId: number;
  post: z.output<typeof ExtractedPostSchema>;
  theme: 'light' | 'dark';
  createdAt: number;
  /** Set when the frame fetched the form: the session is then bound to it and never handed out again. */
  opened: boolean;
  /** The capture being edited, fixed when the frame opened: a save never lands on another one. */
  captureId?: string;
}

export class FormExpiredError extends UserFacingError {
  override name = 'FormExpiredError';
}

const EXPIRED = 'This form has expired. Close it and click the flag on the post again.';

export interface FormDeps {
  ctx: StoreContext;
  store: SessionStore;
  /** Tell the tab's content script that its form closed (and what was saved, never the outcome). */
  notifyTab: (tabId: number, form: string, saved: CaptureRef | null) => Promise<void>;
  /** After every save: refresh the badge, start a delivery. */
  onSaved?: (capture: Capture) => void;
  now?: () => number;
  newId?: () => string;
}

/** The one form of a tab (a second click on a flag replaces the first form). */
const tabKey = (tabId: number) => `form-tab:${tabId}`;
const sessionKey = (id: string) => `form:${id}`;

export function formHandlers(deps: FormDeps) {
  const now = () => deps.now?.() ?? Date.now();

  async function session(id: string, tabId: number): Promise<FormSession> {
    const found = (await deps.store.get(sessionKey(id))) as FormSession | undefined;
    // The tab check keeps a frame of one tab from saving the form of another.
    const current = (await deps.store.get(tabKey(tabId))) as string | undefined;
    if (
      current !== id ||
      !found ||
      found.tabId !== tabId ||
      !found.opened ||
      now() - found.createdAt > SESSION_MS
    ) {
      throw new FormExpiredError(EXPIRED);
    }
    return found;
  }

  /**
   * Tell the tab to remove the frame once the frame has its answer: removed before, its pending
   * message would be rejected in a dead context (Firefox reports that as an add-on error).
   */
  function closeAfterReply(tabId: number, form: string, saved: CaptureRef | null): void {
    setTimeout(() => {
      deps.notifyTab(tabId, form, saved).catch(() => {
        // The tab may have navigated away meanwhile; what was saved is saved all the same.
      });
    }, 0);
  }

  async function forget(id: string, tabId: number): Promise<void> {
    await deps.store.remove(sessionKey(id));
    if ((await deps.store.get(tabKey(tabId))) === id) await deps.store.remove(tabKey(tabId));
  }

  return {
    /** Content script, on a trusted click of a flag: keep the post for this tab's next frame. */
    async openForm(
      data: z.output<typeof OpenFormRequestSchema>,
      tabId: number,
    ): Promise<{ form: string }> {
      const previous = (await deps.store.get(tabKey(tabId))) as string | undefined;
      if (previous) await deps.store.remove(sessionKey(previous));
      const id = deps.newId?.() ?? crypto.randomUUID();
      const record: FormSession = {
        tabId,
        post: data.post,
        theme: data.theme,
        createdAt: now(),
        opened: false,
      };
      await deps.store.set(sessionKey(id), record);
      await deps.store.set(tabKey(tabId), id);
      return { form: id };
    },

    /** The frame: the post registered for its tab, once, and the capture of that post. */
    async formOpen(_data: undefined, tabId: number): Promise<FormView> {
      const id = (await deps.store.get(tabKey(tabId))) as string | undefined;
      const found = id
        ? ((await deps.store.get(sessionKey(id))) as FormSession | undefined)
        : undefined;
      if (
        !id ||
        !found ||
        found.opened ||
        found.tabId !== tabId ||
        now() - found.createdAt > PENDING_MS
      ) {
        throw new FormExpiredError(EXPIRED);
      }
      const { db } = deps.ctx;
      const capture = await db.transaction('r', db.captures, () =>
        captureForPost(db, found.post.key),
      );
      await deps.store.set(sessionKey(id), { ...found, opened: true, captureId: capture?.id });
      const { post } = found;
      const points = Array.from(post.text);
      return {
        session: id,
        post: {
          platform: post.platform,
          author: post.author.name ?? post.author.handle,
          postedAt: post.postedAt,
          excerpt: points.length > 0 ? points.slice(0, PREVIEW_LENGTH).join('') : undefined,
        },
        capture: capture
          ? { id: capture.id, status: capture.status, outcome: capture.outcome }
          : null,
        theme: found.theme,
      };
    },

    async formSave(
      data: z.output<typeof FormSaveRequestSchema>,
      tabId: number,
    ): Promise<CaptureRef> {
      const found = await session(data.session, tabId);
      const saved = await saveCapture(deps.ctx, {
        post: found.post,
        outcome: data.outcome,
        submit: data.submit,
        captureId: found.captureId,
      });
      await forget(data.session, tabId);
      const ref: CaptureRef = {
        id: saved.id,
        status: saved.status,
        // So the page can say what is true of a submission: sent soon, or once an endpoint is set.
        endpointSet: (await effectiveEndpoint(deps.ctx.db)) !== undefined,
      };
      deps.onSaved?.(saved);
      closeAfterReply(tabId, data.session, ref);
      return ref;
    },

    async formClose(data: z.output<typeof FormCloseRequestSchema>, tabId: number): Promise<null> {
      const found = (await deps.store.get(sessionKey(data.session))) as FormSession | undefined;
      if (found?.tabId === tabId) await forget(data.session, tabId);
      closeAfterReply(tabId, data.session, null);
      return null;
    },
  };
}

export type FormHandlers = ReturnType<typeof formHandlers>;

/**
 * Our form frame, and nothing else: this extension's page at FORM_FRAME_PATH, framed in a tab of a
 * supported site. The browser sets `sender.url` from the frame's real document, so a site
 * renderer, compromised or not, cannot claim it: the frame runs in the extension's process.
 */
export function isFormFrame(
  sender: MessageSender,
  extension: { id: string; origin: string },
): sender is MessageSender & { tab: { id: number } } {
  if (sender.id !== extension.id || !sender.url || typeof sender.tab?.id !== 'number') return false;
  if (!isSiteUrl(sender.tab.url)) return false;
  try {
    // Scheme and host, not `origin`: URL gives "null" as the origin of non-web schemes outside
    // browsers (and in some of them), which would make every extension's pages look alike.
    const url = new URL(sender.url);
    const ours = new URL(extension.origin);
    return (
      url.protocol === ours.protocol &&
      url.host === ours.host &&
      url.host !== '' &&
      url.pathname === FORM_FRAME_PATH
    );
  } catch {
    return false;
  }
}

/** Check the sender, parse, run: the reply of message `type`, typed by the form protocol. */
export async function handleFormMessage<K extends keyof FormProtocol>(
  type: K,
  data: unknown,
  sender: MessageSender,
  extension: { id: string; origin: string },
  handlers: FormHandlers,
): Promise<FormReply<K>> {
  if (!isFormFrame(sender, extension)) {
    return fail('Sourced accepts this only from its own form.') as FormReply<K>;
  }
  const tabId = sender.tab.id;
  const bound: Record<keyof FormProtocol, (data: never) => Promise<unknown>> = {
    formOpen: (d: undefined) => handlers.formOpen(d, tabId),
    formSave: (d: z.output<typeof FormSaveRequestSchema>) => handlers.formSave(d, tabId),
    formClose: (d: z.output<typeof FormCloseRequestSchema>) => handlers.formClose(d, tabId),
  };
  // A failure, or the value of handlers[type], whose type FormHandlers ties to K's reply.
  return (await dispatch(FORM_REQUEST_SCHEMAS, bound, type, data)) as FormReply<K>;
}

/** A SessionStore over a browser storage area (storage.session: extension contexts only). */
export function storageAreaStore(area: {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}): SessionStore {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}

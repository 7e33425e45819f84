/**
 * The background's side of the page contract (lib/messages.ts, PageProtocol): accepted only from
 * this extension's own pages, never from a content script or a site. The background is the one
 * writer of captures and settings: the popup and the options page ask here, and read the result
 * through their live queries.
 */
import type { z } from 'zod';
import {
  deleteCapture,
  editOutcome,
  restoreCapture,
  submit,
  submitAllDrafts,
  summarise,
  withdraw,
  type StoreContext,
} from '../capture-store';
import { deleteAllLocalData } from '../data-reset';
import { setDebugLog } from '../debug-setting';
import { NoEndpointError } from '../delivery/endpoint-test';
import { EndpointSettingsError } from '../delivery/request';
import { saveEndpoint } from '../endpoint-settings';
import { UserFacingError } from '../errors';
import { mergeExport, parseExport } from '../import/import-export';
import { PAGE_REQUEST_SCHEMAS } from '../message-schemas';
import type {
  EndpointTestResult,
  PageProtocol,
  SaveSettingsReply,
  SyncRunSummary,
} from '../messages';
import type { PageReply } from '../messaging/page';
import { fail, type Result } from '../result';
import { readLocalPrivacy, saveIdentity, saveLocalPrivacy } from '../settings';
import { identityRuleErrors, ownPrivacyFields } from '../settings/effective';
import { readManagedPolicy } from '../settings/managed';
import type { MessageSender } from './content-handlers';
import { dispatch } from './dispatch';
import type { LayoutReports } from './layout-reports';

export function isExtensionPage(
  sender: MessageSender,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  try {
    return new URL(sender.url).origin === new URL(extensionOrigin).origin;
  } catch {
    // A sender URL that does not parse is not one of our pages.
    return false;
  }
}

export type PageHandlers = {
  [K in keyof PageProtocol]: (
    data: z.output<(typeof PAGE_REQUEST_SCHEMAS)[K]>,
  ) => Promise<ReturnType<PageProtocol[K]> extends Result<infer V> ? V : never>;
};

export interface PageDeps {
  store: StoreContext;
  /** Run the outbox now; `force` ignores backoff (the user asked). */
  deliverNow(force: boolean): Promise<SyncRunSummary>;
  /** Captures changed: refresh the badge and deliver what is due, without waiting for either. */
  capturesWritten(): void;
  /** The endpoint settings were saved: lift a pause they caused (lib/delivery/outbox.ts). */
  endpointChanged(): Promise<void>;
  /** One test event to the saved endpoint (lib/delivery/endpoint-test.ts). */
  testDelivery(): Promise<EndpointTestResult>;
  /** The layout problems the content scripts reported, by tab (lib/background/layout-reports.ts). */
  layout: LayoutReports;
}

export function pageHandlers(deps: PageDeps): PageHandlers {
  const { store } = deps;
  const { db } = store;
  /** Run a change of captures, then let the badge and the outbox know. */
  const changing = async <T>(work: () => Promise<T>): Promise<T> => {
    const value = await work();
    deps.capturesWritten();
    return value;
  };
  return {
    syncNow: () => deps.deliverNow(true),
    testEndpoint: async () => {
      try {
        return await deps.testDelivery();
      } catch (error) {
        // "Save an endpoint first" and "the settings are invalid" are for the user to read, not
        // internal failures. (Until lib/delivery's errors extend UserFacingError themselves.)
        if (error instanceof NoEndpointError || error instanceof EndpointSettingsError) {
          throw new UserFacingError(error.message);
        }
        throw error;
      }
    },
    submitCapture: ({ id }) => changing(async () => summarise(await submit(store, id))),
    withdrawCapture: ({ id }) => changing(async () => summarise(await withdraw(store, id))),
    deleteCapture: ({ id }) => changing(() => deleteCapture(db, id)),
    restoreCapture: ({ capture }) =>
      changing(async () => summarise(await restoreCapture(db, capture))),
    editCapture: ({ id, outcome, submit: submitIt }) =>
      changing(async () => summarise(await editOutcome(store, id, outcome, submitIt))),
    submitAllDrafts: () => changing(() => submitAllDrafts(store)),
    saveSettings: async (request) => {
      const reply: SaveSettingsReply = { saved: [] };
      // The organisation's policy as the browser holds it now, not as the page says: its rules
      // are checked again here, and what it locks is not written.
      const policy = await readManagedPolicy();
      if (request.identity) {
        const errors = identityRuleErrors(request.identity, policy);
        if (Object.keys(errors).length > 0) {
          reply.identityErrors = errors;
        } else {
          await saveIdentity(db, request.identity);
          reply.saved.push('identity');
        }
      }
      if (request.endpoint && policy.lock && policy.endpoint) {
        reply.endpointIssues = [
          {
            path: 'url',
            message: 'Set by your organisation: the endpoint cannot be changed here.',
          },
        ];
      } else if (request.endpoint) {
        const result = await saveEndpoint(db, request.endpoint);
        if (result.ok) {
          reply.saved.push('endpoint');
          reply.endpoint = result.value;
          await deps.endpointChanged();
          // What waited is delivered now; the form does not wait for those deliveries (the
          // scheduler records its own failures).
          void deps.deliverNow(true);
        } else {
          reply.endpointIssues = result.issues;
        }
      }
      if (request.privacy) {
        // A value the policy locks is not the employee's; one equal to its default follows it.
        const stored = await readLocalPrivacy(db);
        await saveLocalPrivacy(db, ownPrivacyFields(request.privacy, stored, policy));
        reply.saved.push('privacy');
      }
      return reply;
    },
    importExport: async ({ text }) => {
      const parsed = parseExport(text);
      if (!parsed.ok) throw new UserFacingError(parsed.error);
      return changing(() => mergeExport(db, parsed.value));
    },
    deleteAllData: () =>
      changing(async () => {
        await deleteAllLocalData(db);
        return null;
      }),
    setDebugLog: async ({ on }) => {
      await setDebugLog(on);
      return null;
    },
    layoutStatus: ({ tabId }) => deps.layout.status(tabId),
  };
}

/** Check the sender, parse, run: the reply of message `type`, typed by the page protocol. */
export async function handlePageMessage<K extends keyof PageProtocol>(
  type: K,
  data: unknown,
  sender: MessageSender,
  extension: { id: string; origin: string },
  handlers: PageHandlers,
): Promise<PageReply<K>> {
  const reply = isExtensionPage(sender, extension.id, extension.origin)
    ? await dispatch(PAGE_REQUEST_SCHEMAS, handlers, type, data)
    : fail('Sourced accepts this only from its own popup and settings pages.');
  // A failure, or the value of handlers[type], whose type PageHandlers ties to K's reply.
  return reply as PageReply<K>;
}

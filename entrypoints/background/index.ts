// First: Zod must be jitless before any schema is built (see the module).
import '../../lib/zod-jitless';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { refreshBadge } from '../../lib/background/badge';
import { contentHandlers, handleContentMessage } from '../../lib/background/content-handlers';
import { createDeliveryScheduler } from '../../lib/background/delivery-scheduler';
import {
  formHandlers,
  handleFormMessage,
  storageAreaStore,
} from '../../lib/background/form-sessions';
import { handlePageMessage, type PageHandlers } from '../../lib/background/page-handlers';
import { database } from '../../lib/db/database';
import { sendTestDelivery } from '../../lib/delivery/endpoint-test';
import { endpointSettingsChanged, runOutbox } from '../../lib/delivery/outbox';
import {
  CONTENT_REQUEST_SCHEMAS,
  FORM_REQUEST_SCHEMAS,
  PAGE_REQUEST_SCHEMAS,
} from '../../lib/message-schemas';
import {
  messaging,
  type ContentProtocol,
  type FormProtocol,
  type PageProtocol,
  type SyncRunSummary,
} from '../../lib/messages';
import { readIdentity, readPrivacy } from '../../lib/settings';

const PERIODIC_ALARM = 'sourced-outbox';
const RETRY_ALARM = 'sourced-outbox-retry';

export default defineBackground(() => {
  const db = database();
  const clientVersion = browser.runtime.getManifest().version;
  // MV3 has `action`, Firefox's MV2 build `browserAction`.
  const action = browser.action ?? browser.browserAction;
  const updateBadge = () => void refreshBadge(db, action).catch(() => {});

  const scheduler = createDeliveryScheduler({
    run: (force) =>
      runOutbox(
        {
          db,
          clientVersion,
          hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
        },
        { force },
      ),
    wakeAt: (when) => void browser.alarms.create(RETRY_ALARM, { when }).catch(() => {}),
    onRunEnd: updateBadge,
    // The outbox records its own failures; an error here is a bug, kept out of the site's sight.
    onError: (error) => console.error('Sourced delivery run failed', (error as Error)?.name),
  });
  const deliverNow = async (force: boolean): Promise<SyncRunSummary> => {
    const result: SyncRunSummary | undefined = await scheduler.trigger(force);
    return result ?? { outcome: 'idle', delivered: 0, retried: 0, failed: 0 };
  };

  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  // The in-page form: the content script registers the post, the form frame saves.
  const form = formHandlers({
    ctx: { db, identity: readIdentity, privacy: readPrivacy, clientVersion },
    // storage.session: extension contexts only (never a content script), and it survives the
    // worker being stopped while a person writes their note.
    store: storageAreaStore(browser.storage.session),
    notifyTab: async (tabId, form, saved) => {
      await messaging.sendMessage('formClosed', { form, saved }, { tabId, frameId: 0 });
    },
    onSaved: (saved) => {
      updateBadge();
      if (saved.status === 'queued') void scheduler.trigger(false);
    },
  });
  const content = contentHandlers({ db }, form);
  for (const type of Object.keys(CONTENT_REQUEST_SCHEMAS) as (keyof ContentProtocol)[]) {
    messaging.onMessage(
      type,
      ({ data, sender }) =>
        // The reply type is checked by handleContentMessage's Result; the messenger's generic
        // signature cannot express one handler for every type.
        handleContentMessage(type, data, sender, browser.runtime.id, content) as never,
    );
  }
  for (const type of Object.keys(FORM_REQUEST_SCHEMAS) as (keyof FormProtocol)[]) {
    messaging.onMessage(
      type,
      ({ data, sender }) => handleFormMessage(type, data, sender, extension, form) as never,
    );
  }

  const pages: PageHandlers = {
    syncNow: () => deliverNow(true),
    endpointSaved: async () => {
      await endpointSettingsChanged(db);
      return deliverNow(true);
    },
    capturesChanged: async () => {
      updateBadge();
      void scheduler.trigger(false);
      return null;
    },
    testEndpoint: () => sendTestDelivery({ db, clientVersion }),
  };
  for (const type of Object.keys(PAGE_REQUEST_SCHEMAS) as (keyof PageProtocol)[]) {
    messaging.onMessage(
      type,
      ({ data, sender }) => handlePageMessage(type, data, sender, extension, pages) as never,
    );
  }

  // Periodic safety net: catches anything queued while the worker slept.
  void browser.alarms
    .get(PERIODIC_ALARM)
    .then((alarm) =>
      alarm ? undefined : browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: 1 }),
    )
    .catch(() => {});
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC_ALARM || alarm.name === RETRY_ALARM) void scheduler.trigger(false);
  });
  browser.runtime.onStartup.addListener(() => void scheduler.trigger(false));
  globalThis.addEventListener?.('online', () => void scheduler.trigger(false));
  // Every wake-up (install, update, restart of a killed worker) resumes an interrupted run.
  void scheduler.trigger(false);
  updateBadge();
});

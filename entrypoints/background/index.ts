// First: Zod must be jitless before any schema is built (see the module).
import '../../lib/zod-jitless';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { refreshBadge } from '../../lib/background/badge';
import { contentHandlers } from '../../lib/background/content-handlers';
import { createDeliveryScheduler } from '../../lib/background/delivery-scheduler';
import { createRecognitionScheduler } from '../../lib/background/recognition-scheduler';
import { formHandlers, storageAreaStore } from '../../lib/background/form-sessions';
import {
  readerInjector,
  type ScriptingApi,
  type TabsScriptApi,
} from '../../lib/background/inject-reader';
import { clearOnNavigation, layoutReports } from '../../lib/background/layout-reports';
import {
  listenToContentScripts,
  listenToFormFrames,
  listenToPages,
} from '../../lib/background/listen';
import { pageHandlers } from '../../lib/background/page-handlers';
import { database } from '../../lib/db/database';
import { debugLog, followDebugSetting } from '../../lib/debug-log';
import { sendTestDelivery } from '../../lib/delivery/endpoint-test';
import { endpointSettingsChanged, runOutbox } from '../../lib/delivery/outbox';
import type { SyncRunSummary } from '../../lib/messages';
import { checkRecognition } from '../../lib/recognition/check';
import { sendToTab } from '../../lib/messaging/tab';
import { effectiveIdentity, effectivePrivacy } from '../../lib/settings/effective';
import { onManagedPolicyChange } from '../../lib/settings/managed';

const PERIODIC_ALARM = 'sourced-outbox';
const RETRY_ALARM = 'sourced-outbox-retry';
/** Status URLs (protocol v1.1) and the follow-up badge: each capture is asked at most hourly. */
const RECOGNITION_ALARM = 'sourced-recognition';

/**
 * A failure of the background's own machinery (not of a delivery, which the outbox records): the
 * extension's console gets its name only, never its message, which could hold captured text.
 */
function reportError(what: string, error: unknown): void {
  console.error(`Sourced: ${what}`, (error as Error | undefined)?.name ?? typeof error);
}

export default defineBackground(() => {
  followDebugSetting();
  const db = database();
  const clientVersion = browser.runtime.getManifest().version;
  // MV3 has `action`, Firefox's MV2 build `browserAction`.
  const action = browser.action ?? browser.browserAction;
  // The badge is a hint: a failure to draw it must not fail the change that asked for it.
  const updateBadge = () =>
    void refreshBadge(db, action).catch((error: unknown) => debugLog('badge', error));

  const hasPermission = (pattern: string) => browser.permissions.contains({ origins: [pattern] });
  const recognition = createRecognitionScheduler({
    check: (trigger) => checkRecognition({ db, hasPermission }, trigger),
    onError: (error) => reportError('status check failed', error),
  });

  const scheduler = createDeliveryScheduler({
    run: (force) => runOutbox({ db, clientVersion, hasPermission }, { force }),
    // Without the alarm, a retry waits for the periodic one (a minute at most): said, not fatal.
    wakeAt: (when) =>
      void browser.alarms
        .create(RETRY_ALARM, { when })
        .catch((error: unknown) => reportError('setting the retry alarm failed', error)),
    onRunEnd: (result) => {
      updateBadge();
      // A capture just delivered to a v1.1 endpoint learns its state (pending) right away.
      if (result.delivered > 0) void recognition.trigger('schedule');
    },
    // The outbox records its own failures; an error here is a bug, kept out of the site's sight.
    onError: (error) => reportError('delivery run failed', error),
  });
  const deliverNow = async (force: boolean): Promise<SyncRunSummary> => {
    const result: SyncRunSummary | undefined = await scheduler.trigger(force);
    return result ?? { outcome: 'idle', delivered: 0, retried: 0, failed: 0 };
  };

  const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  // The settings in effect: the employee's merged with the organisation's policy.
  const store = {
    db,
    identity: () => effectiveIdentity(db),
    privacy: () => effectivePrivacy(db),
    clientVersion,
  };
  // The in-page form: the content script registers the post, the form frame saves.
  const form = formHandlers({
    ctx: store,
    // storage.session: extension contexts only (never a content script), and it survives the
    // worker being stopped while a person writes their note.
    store: storageAreaStore(browser.storage.session),
    notifyTab: (tabId, form, saved) => sendToTab(tabId, 'formClosed', { form, saved }),
    onSaved: (saved) => {
      updateBadge();
      if (saved.status === 'queued') void scheduler.trigger(false);
    },
  });
  // storage.session: Chrome 102+, Firefox 115+; older browsers keep reports in the worker.
  const layout = layoutReports(browser.storage.session);
  clearOnNavigation(layout, browser.tabs, (error) => debugLog('layout report', error));
  listenToContentScripts(
    browser.runtime.id,
    contentHandlers(store, {
      layout,
      tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
      form,
      injectReader: readerInjector({
        scripting: browser.scripting as ScriptingApi | undefined,
        tabs: browser.tabs as Partial<TabsScriptApi>,
      }),
    }),
  );
  listenToFormFrames(extension, form);
  listenToPages(
    extension,
    pageHandlers({
      store,
      deliverNow,
      capturesWritten: () => {
        updateBadge();
        void scheduler.trigger(false);
      },
      endpointChanged: () => endpointSettingsChanged(db),
      testDelivery: () => sendTestDelivery({ db, clientVersion }),
      checkRecognition: (trigger) => {
        // Captures cross the follow-up threshold as days pass: the badge catches up here too.
        updateBadge();
        return recognition.trigger(trigger);
      },
      layout,
    }),
  );

  // A policy changed at run time (Chrome re-reads policies while running): every reader asks the
  // effective settings afresh, so only a pause about the old endpoint is lifted, and what waits
  // is delivered to the new one.
  onManagedPolicyChange(() => {
    void endpointSettingsChanged(db)
      .then(() => scheduler.trigger(false))
      .catch((error: unknown) => reportError('applying a policy change failed', error));
  });
  // The organisation's endpoint allowed (`endpoint-allow`): deliver what waited for it.
  browser.permissions.onAdded.addListener(() => void scheduler.trigger(false));

  // Periodic safety net: catches anything queued while the worker slept.
  void browser.alarms
    .get(PERIODIC_ALARM)
    .then((alarm) =>
      alarm ? undefined : browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: 1 }),
    )
    .catch((error: unknown) => reportError('setting the periodic alarm failed', error));
  void browser.alarms
    .get(RECOGNITION_ALARM)
    .then((alarm) =>
      alarm ? undefined : browser.alarms.create(RECOGNITION_ALARM, { periodInMinutes: 15 }),
    )
    .catch((error: unknown) => reportError('setting the status alarm failed', error));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PERIODIC_ALARM || alarm.name === RETRY_ALARM) void scheduler.trigger(false);
    if (alarm.name === RECOGNITION_ALARM) {
      // Captures cross the follow-up threshold as days pass, not only when something is written.
      updateBadge();
      void recognition.trigger('schedule');
    }
  });
  browser.runtime.onStartup.addListener(() => void scheduler.trigger(false));
  globalThis.addEventListener?.('online', () => void scheduler.trigger(false));
  // Every wake-up (install, update, restart of a killed worker) resumes an interrupted run.
  void scheduler.trigger(false);
  updateBadge();
});

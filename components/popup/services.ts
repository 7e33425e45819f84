/**
 * What the popup needs from outside its own components: the database, the background (page
 * messages of lib/messages.ts) and the settings page. Tests pass their own; the popup page uses
 * `browserServices()`, which loads the browser API and the messenger only when first used, so
 * that they stay off the path to the first screen.
 */
import { database, type SourcedDatabase } from '../../lib/db/database';
import type { SyncRunSummary } from '../../lib/messages';
import type { Result } from '../../lib/result';
import type { OriginAccess } from '../EndpointAllow';

/** Sections of the options page the popup links to (`options.html#<section>`). */
export type SettingsSection = 'identity' | 'endpoint';

export interface PopupServices {
  db: SourcedDatabase;
  /** The extension's version for new captures; the manifest's when absent. */
  clientVersion?: string;
  now: () => Date;
  /** Deliver what is queued now (the `sync-now` button). */
  syncNow: () => Promise<Result<SyncRunSummary>>;
  /** Tell the background captures changed here: it refreshes the badge and delivers what is due. */
  capturesChanged: () => void;
  openSettings: (section: SettingsSection) => void;
  /** The endpoint's permission was granted here: the background delivers what waited. */
  endpointSaved?: () => void;
  /** Host permissions; the operations module's (the real browser's) when absent. */
  origins?: OriginAccess;
}

const NO_ANSWER = 'The Sourced background did not answer; try again in a moment.';

export function browserServices(): PopupServices {
  const messenger = () => import('../../lib/messages').then((m) => m.messaging);
  return {
    db: database(),
    now: () => new Date(),
    syncNow: () =>
      messenger()
        .then((messaging) => messaging.sendMessage('syncNow', undefined))
        .catch((): Result<SyncRunSummary> => ({ ok: false, error: NO_ANSWER })),
    capturesChanged: () =>
      void messenger()
        .then((messaging) => messaging.sendMessage('capturesChanged', undefined))
        .catch(() => {}),
    endpointSaved: () =>
      void messenger()
        .then((messaging) => messaging.sendMessage('endpointSaved', undefined))
        .catch(() => {}),
    openSettings: (section) =>
      void import('wxt/browser').then(({ browser }) =>
        browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) }),
      ),
  };
}

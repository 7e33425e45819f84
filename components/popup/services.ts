/**
 * What the popup needs from outside its own components: the database to read, the background to
 * ask for every change (page messages, lib/messaging/page.ts) and the settings page. Tests pass
 * their own; the popup page uses `browserServices()`, which loads the browser API and the
 * messenger only when first used, so that they stay off the path to the first screen.
 */
import { database, type SourcedDatabase } from '../../lib/db/database';
import type { PageSend } from '../../lib/messaging/page';
import type { OriginAccess } from '../EndpointAllow';

/** Sections of the options page the popup links to (`options.html#<section>`). */
export type SettingsSection = 'identity' | 'endpoint';

export interface PopupServices {
  /** Read only, through live queries: the background writes. */
  db: SourcedDatabase;
  now: () => Date;
  /** Ask the background: every change of a capture, and "deliver now". */
  send: PageSend;
  openSettings: (section: SettingsSection) => void;
  /** Host permissions; the operations module's (the real browser's) when absent. */
  origins?: OriginAccess;
}

export function browserServices(): PopupServices {
  return {
    db: database(),
    now: () => new Date(),
    send: (type, data) =>
      import('../../lib/messaging/page').then((m) => m.sendToBackground(type, data)),
    openSettings: (section) =>
      void import('wxt/browser').then(({ browser }) =>
        browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) }),
      ),
  };
}

/**
 * Everything the options page needs from outside itself, behind one interface: the real browser
 * in the extension; in unit tests, the real background handlers behind the page's dispatch (the
 * fake browser has no permission prompt and no background of its own).
 */
import { browser } from 'wxt/browser';
import { database, type SourcedDatabase } from '../../lib/db/database';
import { sendToBackground, type PageSend } from '../../lib/messaging/page';
import type { OriginAccess } from '../EndpointAllow';

export interface OptionsServices {
  /** Read only, through live queries: the background writes. */
  db: SourcedDatabase;
  clientVersion: string;
  /**
   * Whether Sourced may reach this origin pattern, asking the user when it may not yet. Must be
   * called from a click handler: a permission request needs the user's gesture.
   */
  ensureOrigin(pattern: string): Promise<boolean>;
  /** How long an unanswered permission prompt is waited for (30 s by default; tests shorten it). */
  permissionTimeoutMs?: number;
  /** Ask the background: it writes every setting and capture, and sends the test event. */
  send: PageSend;
  /** Hand a file to the browser's downloads, as a click on a download link would. */
  download(blob: Blob, fileName: string): void;
  /** Check and grant host permissions (the organisation's endpoint needs the `endpoint-allow` click). */
  origins?: OriginAccess;
}

/**
 * `<a download>` rather than the downloads API: it needs no permission, and the file is built
 * here, in the page, where the Blob already is.
 */
function downloadWithLink(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; keep it a while for slow disks, then free it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const browserOrigins: OriginAccess = {
  has: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  request: (pattern) => browser.permissions.request({ origins: [pattern] }),
};

export function browserServices(): OptionsServices {
  return {
    db: database(),
    clientVersion: browser.runtime.getManifest().version,
    async ensureOrigin(pattern) {
      // Firefox accepts a request only synchronously inside the click handler (no await before
      // it), and grants an origin it already has without asking.
      if (import.meta.env.FIREFOX) return browser.permissions.request({ origins: [pattern] });
      // Chromium keeps the click's activation across an await. Asking only when missing spares
      // the user a prompt, and a headless test browser cannot answer one.
      if (await browser.permissions.contains({ origins: [pattern] })) return true;
      return browser.permissions.request({ origins: [pattern] });
    },
    send: sendToBackground,
    download: downloadWithLink,
    origins: browserOrigins,
  };
}

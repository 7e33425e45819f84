/**
 * Everything the options page needs from outside itself, behind one interface: the real browser
 * in the extension, fakes in unit tests (the fake browser has no permission prompt and no
 * background to answer messages).
 */
import { browser } from 'wxt/browser';
import { database, type SourcedDatabase } from '../../lib/db/database';
import { messaging, type EndpointTestResult, type SyncRunSummary } from '../../lib/messages';
import { fail, type Result } from '../../lib/result';

export interface OptionsServices {
  db: SourcedDatabase;
  clientVersion: string;
  /**
   * Whether Sourced may reach this origin pattern, asking the user when it may not yet. Must be
   * called from a click handler: a permission request needs the user's gesture.
   */
  ensureOrigin(pattern: string): Promise<boolean>;
  /** How long an unanswered permission prompt is waited for (30 s by default; tests shorten it). */
  permissionTimeoutMs?: number;
  /** Tell the background the endpoint changed: it lifts a pause and delivers what waits. */
  endpointSaved(): Promise<Result<SyncRunSummary>>;
  testEndpoint(): Promise<Result<EndpointTestResult>>;
  /** Captures were imported or deleted: the background refreshes its badge and delivers. */
  capturesChanged(): Promise<Result<null>>;
  /** Hand a file to the browser's downloads, as a click on a download link would. */
  download(blob: Blob, fileName: string): void;
}

async function send<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await request();
  } catch {
    return fail('The Sourced background did not answer; reload the extension and try again.');
  }
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
    endpointSaved: () => send(() => messaging.sendMessage('endpointSaved', undefined)),
    testEndpoint: () => send(() => messaging.sendMessage('testEndpoint', undefined)),
    capturesChanged: () => send(() => messaging.sendMessage('capturesChanged', undefined)),
    download: downloadWithLink,
  };
}

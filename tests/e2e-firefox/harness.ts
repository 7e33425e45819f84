/**
 * Drive Debian's Firefox ESR with the built extension over WebDriver BiDi (puppeteer-core): the
 * unpacked test build installed as a temporary add-on, the synthetic LinkedIn and X fixtures
 * served at their real URLs from memory, every other outside request refused. Chrome-privileged
 * evaluation (`--remote-allow-system-access`) reads what a page cannot: the add-on's
 * moz-extension host and the Browser Console.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findBrowser } from '../browser-binary';
import { inExtensionDb, type StoreOperation } from '../e2e/extension-db';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.resolve(ROOT, 'tests/fixtures');
/** `SOURCED_E2E=1 wxt build -b firefox`: open shadow roots, loopback granted up front. */
export const FIREFOX_EXTENSION_DIR = path.resolve(ROOT, '.output/firefox-mv2-e2e');

const CANDIDATES = [
  '/usr/lib/firefox-esr/firefox-esr', // Debian's real binary; /usr/bin/firefox-esr is a shell wrapper
  '/usr/bin/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/usr/bin/firefox',
];

export function firefoxPath(): string {
  return findBrowser(
    'FIREFOX_PATH',
    CANDIDATES,
    'No Firefox found for the Firefox end-to-end tests. Install Firefox ESR with ' +
      '`sudo apt-get install -y firefox-esr` (Debian/Ubuntu), or set FIREFOX_PATH to a Firefox binary.',
  );
}

export function assertFirefoxBuild(): void {
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No Firefox test build in ${path.relative(ROOT, FIREFOX_EXTENSION_DIR)}: ` +
        'run `npm run build:e2e:firefox` first.',
    );
  }
}

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The add-on id the Firefox build declares (`browser_specific_settings.gecko.id`). */
export function geckoId(): string {
  assertFirefoxBuild();
  const manifest = JSON.parse(
    readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8'),
  ) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('The Firefox build has no browser_specific_settings.gecko.id.');
  return id;
}

/** The part of puppeteer's BiDi connection these tests use (not in its public types). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}
interface BidiFrame {
  browsingContext: {
    navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void>;
  };
}

export interface ConsoleEntry {
  /**
   * A script error in the Browser Console, or a console.error call of a content process: the
   * add-on's background, pages and content script, or a site page's own script (which Firefox's
   * output does not tell apart: a test checking for none serves pages that log nothing).
   */
  kind: 'script-error' | 'console-error';
  message: string;
  source: string;
}

export interface FirefoxSession {
  browser: Browser;
  /** The gecko id, e.g. `sourced@sourced.example`. */
  addonId: string;
  /** `moz-extension://<uuid>`: Firefox picks the uuid per profile. */
  origin: string;
  /** A new tab showing `html` at `url` (the page's own navigations to that path get it again). */
  openSite(url: string, html: string): Promise<Page>;
  /** A new tab on one of the add-on's pages, e.g. `popup.html`. */
  openExtensionPage(file: string): Promise<Page>;
  /** Evaluate `expression` with chrome privileges; its value must be JSON-serialisable. */
  chrome<T>(expression: string): Promise<T>;
  /**
   * Errors from the add-on: script errors in the Browser Console (uncaught exceptions, unhandled
   * rejections, CSP violations) whose source or text names its moz-extension origin, from any of
   * its pages, the background included; and every `console.error` of a content process.
   */
  addonErrors(): Promise<ConsoleEntry[]>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<FirefoxSession> {
  assertFirefoxBuild();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Chrome-scope BiDi (the Browser Console, the add-on's uuid) and moz-extension navigation.
    args: ['--remote-allow-system-access'],
    // console.* calls of extension pages reach neither the parent's console service nor BiDi's
    // log events; Firefox prints those of content processes (the add-on's background, pages and
    // content script; the sites' own scripts) on its stdout when asked.
    extraPrefsFirefox: {
      'devtools.console.stdout.content': true,
      'devtools.console.stdout.chrome': false,
    },
  });
  const consoleErrors: ConsoleEntry[] = [];
  const output = browser.process()?.stdout;
  if (!output) throw new Error('Firefox was started without a readable stdout.');
  createInterface({ input: output }).on('line', (line) => {
    if (line.startsWith('console.error: '))
      consoleErrors.push({
        kind: 'console-error',
        message: line.slice('console.error: '.length),
        source: 'a content process',
      });
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_EXTENSION_DIR);
    const connection = (browser as unknown as { connection: BidiConnection }).connection;

    const chrome = async <T>(expression: string): Promise<T> => {
      const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = tree.result.contexts as { context: string }[];
      const reply = await connection.send('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context: contexts[0]!.context },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      const { result } = reply;
      if (result.type === 'exception') {
        const details = result.exceptionDetails as { text?: string } | undefined;
        throw new Error(`Chrome-scope evaluation failed: ${details?.text ?? 'unknown error'}`);
      }
      const value = (result.result as { value?: string }).value;
      return (value === undefined ? undefined : JSON.parse(value)) as T;
    };

    const host = await chrome<string | null>(
      `WebExtensionPolicy.getByID(${JSON.stringify(addonId)})?.mozExtensionHostname ?? null`,
    );
    if (!host) throw new Error(`Firefox did not start the add-on ${addonId}.`);
    const origin = `moz-extension://${host}`;

    const openSite = async (url: string, html: string): Promise<Page> => {
      const served = new URL(url);
      const page = await browser.newPage();
      // Hostile fixtures open alerts from the site's own markup; a user would close them.
      page.on('dialog', (dialog) => void dialog.dismiss());
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        const target = new URL(request.url());
        // `resourceType()` is not available over BiDi: navigations are the only documents.
        if (
          request.isNavigationRequest() &&
          target.origin === served.origin &&
          target.pathname === served.pathname
        ) {
          void request.respond({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            body: html,
          });
        } else if (
          target.protocol === 'moz-extension:' ||
          target.hostname === '127.0.0.1' ||
          target.hostname === 'localhost'
        ) {
          void request.continue();
        } else {
          // Images, CDNs, trackers: nothing leaves this machine.
          void request.abort();
        }
      });
      await page.goto(url);
      return page;
    };

    const openExtensionPage = async (file: string): Promise<Page> => {
      const page = await browser.newPage();
      // `page.goto` never settles on moz-extension:// URLs; the raw BiDi navigate does.
      await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(
        `${origin}/${file}`,
        'complete',
      );
      return page;
    };

    const scriptErrors = () =>
      chrome<ConsoleEntry[]>(`(() => {
        const origin = ${JSON.stringify(origin)};
        const notError = Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag;
        const entries = [];
        for (const message of Services.console.getMessageArray() ?? []) {
          if (!(message instanceof Ci.nsIScriptError) || message.flags & notError) continue;
          const text = String(message.errorMessage);
          const source = String(message.sourceName ?? '');
          if (source.startsWith(origin) || text.includes(origin))
            entries.push({ kind: 'script-error', message: text, source });
        }
        return entries;
      })()`);
    const addonErrors = async () => [...(await scriptErrors()), ...consoleErrors];

    return {
      browser,
      addonId,
      origin,
      openSite,
      openExtensionPage,
      chrome,
      addonErrors,
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Every record of a store of the extension's database, read from one of its own pages. */
export async function readStore<T = Record<string, unknown>>(
  page: Page,
  store: string,
): Promise<T[]> {
  return (await page.evaluate(inExtensionDb, { store, op: 'getAll' } as StoreOperation)) as T[];
}

/**
 * Where Firefox on Linux reads an enterprise policy at start: the system directory (`SysConfD`,
 * `/etc/firefox` in Mozilla's and Debian's builds, firefox-esr included) wins over
 * `distribution/policies.json` in the install directory, and no environment variable moves it
 * (`browser.policies.alternatePath` is honoured only in Mozilla's own test automation).
 */
export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';

/**
 * Run `fn` while Firefox's enterprise policy gives the add-on `managed` as its managed storage
 * (`3rdparty` → `Extensions` → gecko id, read by `browser.storage.managed`). Firefox reads the
 * file at start: launch the browser inside `fn`. Needs write access to /etc (CI runs as root).
 * An existing policy file is set aside and put back afterwards.
 */
export async function withFirefoxPolicy<T>(
  managed: Record<string, unknown>,
  fn: () => Promise<T>,
  options: { policies?: Record<string, unknown> } = {},
): Promise<T> {
  const file = FIREFOX_POLICY_FILE;
  const directory = path.dirname(file);
  const backup = `${file}.sourced-e2e-backup`;
  // The directories this call creates, outermost first, removed again afterwards.
  const created = [path.dirname(directory), directory].filter((dir) => !existsSync(dir));
  const hadFile = existsSync(file);
  if (existsSync(backup)) {
    throw new Error(
      `${backup} exists: an earlier test run did not restore ${file}. Restore or remove it first.`,
    );
  }
  try {
    mkdirSync(directory, { recursive: true });
    if (hadFile) renameSync(file, backup);
    const policy = {
      policies: { ...options.policies, '3rdparty': { Extensions: { [geckoId()]: managed } } },
    };
    writeFileSync(file, JSON.stringify(policy, null, 2));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new Error(
        `The Firefox policy test writes ${file} and needs write access to ${directory}: ` +
          'run the tests as root (as CI does) or give this user that directory.',
      );
    }
    throw error;
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
    if (hadFile) renameSync(backup, file);
    for (const dir of created.reverse()) rmdirSync(dir);
  }
}

/**
 * The in-page form's extension-origin frame (`sourced-form-frame`, in an open shadow root in the
 * test build), once its form is there: the form's test ids are inside it.
 */
export async function formFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('pierce/[data-testid="sourced-form-frame"]');
  const frame = await element!.contentFrame();
  if (!frame) throw new Error('The form frame has no document.');
  await frame.waitForSelector('[data-testid="sourced-form"]');
  return frame;
}

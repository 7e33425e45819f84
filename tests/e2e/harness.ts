/**
 * Launch Debian's Chromium with the built extension in a throwaway profile, serve the synthetic
 * site fixtures for LinkedIn and X from memory, and refuse every other outside request.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBrowser } from '../browser-binary';
import { inExtensionDb, type StoreOperation } from './extension-db';
import {
  chromium,
  type BrowserContext,
  type FrameLocator,
  type Locator,
  type Page,
  type Worker,
} from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.resolve(ROOT, 'tests/fixtures');
/** The test build (SOURCED_E2E=1) grants loopback up front: headless Chromium cannot answer prompts. */
export const EXTENSION_DIR = path.resolve(ROOT, '.output/chrome-mv3-e2e');

const CANDIDATES = [
  '/usr/lib/chromium/chromium', // Debian's real binary; /usr/bin/chromium is a wrapper adding flags
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function chromiumPath(): string {
  return findBrowser(
    'CHROMIUM_PATH',
    CANDIDATES,
    'No Chromium found for the end-to-end tests. Install it with `sudo apt-get install -y chromium` ' +
      '(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  );
}

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export interface Session {
  context: BrowserContext;
  extensionId: string;
  worker: () => Promise<Worker>;
  /** Serve `html` at `url` (exact URL, query ignored). */
  serve: (url: string, html: string) => void;
  popup: () => Promise<Page>;
  options: () => Promise<Page>;
  profileDir: string;
  close: () => Promise<void>;
}

/**
 * Chromium with one unpacked extension, headless as root on a closed network: without the
 * background-networking flags it keeps trying Google's hosts (the benchmarks use these too).
 */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
}

export async function launch(
  options: {
    profileDir?: string;
    /** Known from an earlier launch on the same profile: its worker may not have started yet. */
    extensionId?: string;
    /** More Chromium flags, e.g. `--lang=en-US` for the browser's language. */
    args?: string[];
    /** The scheme pages see in `prefers-color-scheme`. */
    colorScheme?: 'light' | 'dark';
  } = {},
): Promise<Session> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `No test build in ${path.relative(ROOT, EXTENSION_DIR)}: run \`npm run build:e2e\` first.`,
    );
  }
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'sourced-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...chromiumArgs(EXTENSION_DIR), ...(options.args ?? [])],
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
  });
  const pages = new Map<string, string>();
  // Routes run newest first: the catch-all below is the last resort.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return local || url.protocol === 'chrome-extension:' ? route.continue() : route.abort();
  });
  for (const pattern of [
    'https://www.linkedin.com/**',
    'https://x.com/**',
    'https://twitter.com/**',
    'https://mobile.x.com/**',
  ]) {
    await context.route(pattern, (route) => {
      const url = new URL(route.request().url());
      const body = pages.get(url.origin + url.pathname);
      if (body === undefined || route.request().resourceType() !== 'document') return route.abort();
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
  }
  const worker = async () =>
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = options.extensionId ?? new URL((await worker()).url()).host;
  const openPage = async (file: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${file}`);
    return page;
  };
  return {
    context,
    extensionId,
    worker,
    serve: (url, html) => {
      const parsed = new URL(url);
      pages.set(parsed.origin + parsed.pathname, html);
    },
    popup: () => openPage('popup.html'),
    options: () => openPage('options.html'),
    profileDir,
    close: async () => {
      await context.close();
      if (!options.profileDir) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Every capture in the extension's database, read from one of its own pages. */
export function storedCaptures(page: Page): Promise<Record<string, unknown>[]> {
  return readStore(page, 'captures');
}

/**
 * Send a message of the extension's page contract (lib/messages.ts) from one of its own pages,
 * as the popup and options pages do. The wire format is @webext-core/messaging's.
 */
export async function pageMessage(page: Page, type: string, data?: unknown): Promise<unknown> {
  const reply = await page.evaluate(
    ([type, data]) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } };
        }
      ).chrome.runtime.sendMessage({
        id: Math.floor(Math.random() * 1e6),
        type,
        data,
        timestamp: Date.now(),
      }),
    [type, data] as const,
  );
  return (reply as { res?: unknown } | undefined)?.res;
}

/** Put records into a store of the extension's database, from one of its pages. */
export async function putRecords(page: Page, store: string, records: unknown[]): Promise<void> {
  await page.evaluate(inExtensionDb, { store, op: 'put', records } as StoreOperation);
}

/** Every record of a store of the extension's database. */
export async function readStore<T = Record<string, unknown>>(
  page: Page,
  store: string,
): Promise<T[]> {
  return (await page.evaluate(inExtensionDb, { store, op: 'getAll' } as StoreOperation)) as T[];
}

/**
 * Save a recognition endpoint as the options page does (lib/endpoint-settings.ts), directly in
 * the extension's database, so that delivery tests do not depend on the options page.
 */
export async function saveEndpointDirectly(
  page: Page,
  config: { url: string; token?: string; signingSecret?: string; format?: string },
): Promise<void> {
  await putRecords(page, 'settings', [
    {
      key: 'endpoint',
      value: {
        config: { format: 'sourced.v1', headers: [], ...config },
        savedAt: new Date().toISOString(),
      },
    },
  ]);
}

/** The in-page form's extension-origin frame (its host's shadow root is open in the test build). */
export function formFrame(page: Page): FrameLocator {
  return page.frameLocator('[data-testid="sourced-form-frame"]');
}

/** The capture form opened by a flag, inside its frame. */
export function formIn(page: Page): Locator {
  return formFrame(page).getByTestId('sourced-form');
}

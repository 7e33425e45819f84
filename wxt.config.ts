import path from 'node:path';
import { defineConfig } from 'wxt';
import { ENDPOINT_ORIGIN_PATTERNS, SITE_MATCHES } from './lib/hosts';

// Loopback is granted up front only in the end-to-end test build (SOURCED_E2E=1): a headless
// browser cannot answer a permission prompt. Real builds request endpoint origins at run time.
const e2e = process.env.SOURCED_E2E === '1';
const LOOPBACK = ['http://127.0.0.1/*', 'http://localhost/*'];
/** The in-page form's page (entrypoints/capture-frame; FORM_FRAME_PATH in lib/background). */
const FORM_FRAME_PAGE = 'capture-frame.html';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  outDir: '.output',
  // The e2e build gets its own folder so a test run never overwrites the build a user loaded.
  outDirTemplate: `{{browser}}-mv{{manifestVersion}}${e2e ? '-e2e' : ''}`,
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Sourced',
    description:
      'Flag the LinkedIn and X posts that led to a customer, a deal or a partner, so your company recognises the outcome, not the posting.',
    // `scripting`: the background injects the post reader (entrypoints/reader) into a LinkedIn
    // or X frame when its content script first needs it; Firefox's MV2 build uses
    // tabs.executeScript, which the host permissions allow.
    permissions: ['storage', 'alarms', ...(manifestVersion === 3 ? ['scripting'] : [])],
    host_permissions: [...SITE_MATCHES, ...(e2e ? LOOPBACK : [])],
    ...(manifestVersion === 3 ? { optional_host_permissions: [...ENDPOINT_ORIGIN_PATTERNS] } : {}),
    action: { default_title: 'Sourced' },
    // The in-page form is this extension page, framed into the sites' pages; nothing else is
    // exposed to the web. Chrome's dynamic URL changes every session, so the page cannot use the
    // frame's address to recognise Sourced, and only the content script (runtime.getURL) knows it.
    web_accessible_resources:
      manifestVersion === 3
        ? [{ resources: [FORM_FRAME_PAGE], matches: [...SITE_MATCHES], use_dynamic_url: true }]
        : [FORM_FRAME_PAGE],
    // Chrome and Edge: the keys an organisation may set by policy (shared design:
    // managed-config.md). Types only: Chrome drops a value of the wrong type before the extension
    // sees it, so the value rules (ranges, https, header names) are checked by
    // lib/settings/managed.ts, which can then name the key in a notice. Firefox reads the same
    // keys from its enterprise policies without a schema (and warns about an unknown manifest key).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'sourced@sourced.example',
              strict_min_version: '128.0',
              // Captures (names, email, post excerpts) go to the endpoint the user configures.
              data_collection_permissions: {
                required: ['personallyIdentifyingInfo', 'websiteContent'],
              },
            },
          },
        }
      : {}),
  }),
  // The test build's own behaviour in code (e.g. the layout check on every load, open shadow roots
  // in components/in-page/build-flags.ts), replaced at build time so real builds carry none of it.
  vite: () => ({ define: { 'import.meta.env.SOURCED_E2E': JSON.stringify(e2e) } }),
  hooks: {
    // The content script (and the post reader it loads, an unlisted script) runs on every
    // LinkedIn and X page: it uses the browser's own promise API
    // (Chrome MV3 and Firefox both have one), not webextension-polyfill, which `wxt/browser`
    // resolves to everywhere else (about 10 KB, and ~20 ms at each page's start mostly spent
    // copying the `chrome` object). WXT's own content-script context imports `wxt/browser`, so
    // the alias is swapped for the content script's build only; lint keeps our content code off
    // `wxt/browser` (eslint.layers.js).
    'vite:build:extendConfig': (entrypoints, config) => {
      const inPage = (type: string) => type === 'content-script' || type === 'unlisted-script';
      if (!entrypoints.every((entry) => inPage(entry.type))) return;
      const alias = config.resolve?.alias;
      const entries = Array.isArray(alias)
        ? alias
        : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = {
        ...config.resolve,
        alias: [
          { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' },
          {
            find: /^wxt\/utils\/content-script-context$/,
            replacement: path.resolve('components/in-page/content-script-context.ts'),
          },
          ...entries.filter((entry) => entry.find !== 'wxt/browser'),
        ],
      };
    },
    // WXT drops optional_host_permissions from MV2 manifests without converting it; Firefox's MV2
    // equivalent is optional_permissions holding the origins.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.manifestVersion === 2) {
        const current = (manifest.optional_permissions ?? []) as string[];
        manifest.optional_permissions = [...current, ...ENDPOINT_ORIGIN_PATTERNS];
      }
    },
  },
});

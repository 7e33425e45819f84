/**
 * The production builds (made by `npm run build` before the end-to-end tests): the fewest
 * permissions, the default strict CSP of extension pages, and no remote or evaluated code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.output');
const SITES = [
  'https://www.linkedin.com/*',
  'https://x.com/*',
  'https://twitter.com/*',
  'https://mobile.x.com/*',
  'https://mobile.twitter.com/*',
];
const ENDPOINTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe.each(['chrome-mv3', 'firefox-mv2'])('%s build', (target) => {
  const dir = path.join(OUTPUT, target);
  const manifest = () => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

  test('exists (run `npm run build`)', () => {
    expect(existsSync(path.join(dir, 'manifest.json'))).toBe(true);
  });

  test('asks for storage, alarms and the five site hosts only; endpoints are optional', () => {
    const m = manifest();
    expect(m.name).toBe('Sourced');
    if (target === 'chrome-mv3') {
      // scripting: the post reader is injected into a site's frame when first needed (no
      // install warning of its own: the site hosts are granted already).
      expect(m.permissions).toEqual(['storage', 'alarms', 'scripting']);
      expect(m.host_permissions).toEqual(SITES);
      expect(m.optional_host_permissions).toEqual(ENDPOINTS);
    } else {
      // MV2 has host permissions among permissions, and optional origins among optional_permissions.
      expect(m.permissions).toEqual(['storage', 'alarms', ...SITES]);
      expect(m.optional_permissions).toEqual(ENDPOINTS);
      expect(m.browser_specific_settings.gecko.id).toBeTruthy();
    }
    for (const script of m.content_scripts)
      expect([...script.matches].sort()).toEqual([...SITES].sort());
    expect(m.icons).toMatchObject({
      16: expect.any(String),
      32: expect.any(String),
      48: expect.any(String),
      128: expect.any(String),
    });
  });

  test('the content script carries no post reader, no polyfill; the reader is a file of its own', () => {
    const content = readFileSync(path.join(dir, 'content-scripts/content.js'), 'utf8');
    const reader = readFileSync(path.join(dir, 'reader.js'), 'utf8');
    // The word tables and the layout check are the reader's.
    for (const word of ['Promoted by', 'no-posts-recognised']) {
      expect(content).not.toContain(word);
      expect(reader).toContain(word);
    }
    for (const script of [content, reader]) {
      expect(script).not.toContain('webextension-polyfill');
      expect(script).not.toContain('indexedDB');
    }
  });

  test('declares the managed settings schema in Chrome; Firefox reads its policies without one', () => {
    const m = manifest();
    if (target === 'chrome-mv3') {
      expect(m.storage).toEqual({ managed_schema: 'managed_schema.json' });
      const schema = JSON.parse(readFileSync(path.join(dir, m.storage.managed_schema), 'utf8'));
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties)).toContain('endpointUrl');
    } else {
      // Firefox warns about a manifest key it does not know.
      expect(m.storage).toBeUndefined();
    }
  });

  test('keeps the default strict content security policy and exposes only the form frame, to the sites', () => {
    const m = manifest();
    expect(m.content_security_policy).toBeUndefined();
    // The in-page form is an extension page framed into the sites (issue 17); Chrome serves it
    // only at its per-session dynamic URL, so a page cannot probe for Sourced by a fixed address.
    expect(m.web_accessible_resources).toEqual(
      target === 'chrome-mv3'
        ? [{ resources: ['capture-frame.html'], matches: SITES, use_dynamic_url: true }]
        : ['capture-frame.html'],
    );
    expect(existsSync(path.join(dir, 'capture-frame.html'))).toBe(true);
    expect(m.externally_connectable).toBeUndefined();
  });

  test('the content script does not announce itself to the page: nothing posted to it, no WXT start-up event', () => {
    const script = readFileSync(path.join(dir, 'content-scripts/content.js'), 'utf8');
    // WXT's content-script context posts "wxt:content-script-started" (with the extension id) to
    // the page; the build swaps it for components/in-page/content-script-context.ts, which says
    // nothing to the page's window.
    // Its one postMessage goes to the form's own frame (the Submit guard's geometry).
    expect(script.match(/[\w$?]*\.?postMessage/g)).toEqual(['contentWindow?.postMessage']);
    expect(script).not.toContain('wxt:content-script-started');
    expect(script).toContain('sourced:content-script-started');
  });

  test('loads no remote code and evaluates no strings', () => {
    for (const file of files(dir).filter((f) => /\.(js|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/<script[^>]+src=["']https?:/i);
      expect(text, file).not.toMatch(/importScripts\(\s*["']https?:/);
      expect(text, file).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});

/**
 * The layers of the extension as lint rules (docs/architecture.md draws them). Plain data and one
 * small rule, read by eslint.config.js; the unit test tests/unit/lint-layers.test.ts makes a
 * wrong-way import of each kind and checks that it fails.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Everything the content script and the post reader it loads (entrypoints/reader) bundle: they
 * run in the sites' pages, so they stay small and never carry Zod, Dexie or the database (in a
 * page, IndexedDB would be the site's). Folders end in `/`; files are named without their
 * extension.
 */
export const CONTENT_CODE = [
  'entrypoints/content/',
  'entrypoints/reader/',
  'components/in-page/',
  'lib/sites/',
  'lib/messaging/content',
  'lib/messaging/tab',
  'lib/messaging/silent',
  'lib/messages',
  'lib/result',
  'lib/debug-setting',
  'lib/debug-log',
  'lib/clean-text',
  'lib/capture-constants',
  'lib/hosts',
  'lib/format',
  'lib/url',
  'lib/amount',
];

/** The same list as ESLint `files` globs. */
export const CONTENT_FILES = CONTENT_CODE.map((entry) =>
  entry.endsWith('/') ? `${entry}**` : `${entry}.{ts,tsx}`,
);

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

function isContentCode(relative) {
  const withoutExtension = relative.replace(/\.(ts|tsx)$/, '');
  return CONTENT_CODE.some((entry) =>
    entry.endsWith('/') ? relative.startsWith(entry) : withoutExtension === entry,
  );
}

function resolve(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * `sourced/content-imports-content`: a module of the content script may import (for its value)
 * only other modules of CONTENT_CODE, so the list above is closed: whatever the content script
 * bundles, the zod/dexie/database bans of its zone apply to. Type-only imports are erased at
 * build time and stay allowed.
 */
const contentImportsContent = {
  meta: {
    type: 'problem',
    docs: { description: 'Content-script modules import only content-script modules.' },
    messages: {
      outside:
        "'{{specifier}}' is not content-script code (eslint.layers.js CONTENT_CODE): the content script would bundle it. Import its types only (`import type`), or move what you need into a content-script module.",
    },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const check = (node, specifier, typeOnly) => {
      if (typeOnly || typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolve(context.filename, specifier);
      if (!target) return;
      const relative = path.relative(root, target).split(path.sep).join('/');
      if (!isContentCode(relative))
        context.report({ node, messageId: 'outside', data: { specifier } });
    };
    const allTypes = (node) =>
      node.specifiers.length > 0 &&
      node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type');
    return {
      ImportDeclaration: (node) =>
        check(node, node.source.value, node.importKind === 'type' || allTypes(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export const layersPlugin = { rules: { 'content-imports-content': contentImportsContent } };

const TEST_BAN = { regex: '(^|/)tests(/|$)', message: 'Production code never imports tests.' };

const LIB_BANS = [
  {
    regex: '(^|/)(components|entrypoints)(/|$)',
    message: 'lib/ holds the domain, data and use cases: it never imports UI or entrypoints.',
  },
  TEST_BAN,
  { group: ['preact', 'preact/*'], message: 'lib/ never imports UI.' },
];

const COMPONENT_BANS = [
  {
    regex: '(^|/)entrypoints(/|$)',
    message: 'components/ never imports entrypoints: entrypoints wire components, not the reverse.',
  },
  TEST_BAN,
];

const CONTENT_BANS = [
  {
    group: ['wxt/browser', 'webextension-polyfill'],
    allowTypeImports: true,
    message:
      'The content script uses the browser’s own API (`@wxt-dev/browser`): webextension-polyfill, which `wxt/browser` resolves to, adds ~10 KB to every LinkedIn and X page and ~20 ms to its start.',
  },
  {
    group: ['zod', 'zod/*'],
    allowTypeImports: true,
    message: 'The content script never carries Zod: the background validates its messages.',
  },
  {
    group: ['dexie', 'dexie/*'],
    message: 'The content script never opens IndexedDB: in a page it would be the site’s.',
  },
  {
    regex: '(^|/)db(/|$)',
    allowTypeImports: true,
    message: 'The content script never touches the database: it asks the background.',
  },
];

const restrict = (...bans) => ['error', { patterns: bans.flat() }];
const rule = '@typescript-eslint/no-restricted-imports';
const inZone = (prefix) => CONTENT_FILES.filter((glob) => glob.startsWith(prefix));

/**
 * Flat-config blocks. A later block replaces an earlier one's options for the files both match,
 * so content code in lib/ and components/ restates the bans of its layer.
 */
export const layerConfigs = [
  { files: ['lib/**/*.{ts,tsx}'], rules: { [rule]: restrict(LIB_BANS) } },
  { files: ['components/**/*.{ts,tsx}'], rules: { [rule]: restrict(COMPONENT_BANS) } },
  { files: ['entrypoints/**/*.{ts,tsx}'], rules: { [rule]: restrict(TEST_BAN) } },
  {
    files: CONTENT_FILES,
    plugins: { sourced: layersPlugin },
    rules: { 'sourced/content-imports-content': 'error' },
  },
  { files: inZone('entrypoints/'), rules: { [rule]: restrict(CONTENT_BANS, TEST_BAN) } },
  { files: inZone('lib/'), rules: { [rule]: restrict(CONTENT_BANS, LIB_BANS) } },
  { files: inZone('components/'), rules: { [rule]: restrict(CONTENT_BANS, COMPONENT_BANS) } },
];

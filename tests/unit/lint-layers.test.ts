/**
 * The layers of docs/architecture.md are lint rules (eslint.layers.js): each wrong-way import
 * below must fail `npm run lint`, and the right-way ones must pass. The code is linted as if it
 * were the named file of the repository, through the project's own ESLint configuration.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids ESLint reports for `code` placed at `filePath`. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';
const CLOSURE = 'sourced/content-imports-content';

describe('layer zones', () => {
  test.each([
    ['lib/errors.ts', 'a component', "import { OptionsApp } from '../components/OptionsApp';"],
    [
      'lib/db/capture-query.ts',
      'in-page UI',
      "import { x } from '../../components/in-page/styles';",
    ],
    ['lib/errors.ts', 'a test helper', "import { launch } from '../tests/e2e/harness';"],
    ['lib/errors.ts', 'Preact', "import { h } from 'preact';"],
    [
      'components/OptionsApp.tsx',
      'an entrypoint',
      "import x from '../entrypoints/background/index';",
    ],
  ])('%s may not import %s', async (file, _what, code) => {
    expect(await problems(file, `${code}\nvoid 0;\n`)).toContain(RESTRICTED);
  });

  test.each([
    ['components/in-page/flag-button.ts', 'Zod', "import { z } from 'zod';"],
    ['components/in-page/content-app.ts', 'Dexie', "import Dexie from 'dexie';"],
    ['lib/sites/dom.ts', 'the database', "import { database } from '../db/database';"],
    ['entrypoints/content/index.ts', 'Zod', "import { z } from 'zod';"],
    [
      'components/in-page/content-app.ts',
      'webextension-polyfill (through wxt/browser)',
      "import { browser } from 'wxt/browser';",
    ],
    [
      'lib/debug-setting.ts',
      'webextension-polyfill',
      "import browser from 'webextension-polyfill';",
    ],
  ])('content-script code %s may not import %s', async (file, _what, code) => {
    expect(await problems(file, `${code}\nvoid 0;\n`)).toContain(RESTRICTED);
  });

  test('content-script code may not import, for its value, a module outside the content code', async () => {
    // lib/settings.ts carries Zod: importing it would bundle Zod into every site's page.
    const found = await problems(
      'components/in-page/content-app.ts',
      "import { readIdentity } from '../../lib/settings';\nvoid readIdentity;\n",
    );
    expect(found).toContain(CLOSURE);
  });

  test('right-way imports and type-only imports pass', async () => {
    expect(
      await problems(
        'components/OptionsApp.tsx',
        "import { ok } from '../lib/result';\nvoid ok;\n",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'components/in-page/content-app.ts',
        "import type { Capture } from '../../lib/capture';\nimport type { z } from 'zod';\nexport type T = [Capture, z.ZodType];\n",
      ),
    ).toEqual([]);
  });

  test('a promise nobody awaits fails the lint', async () => {
    const found = await problems(
      'lib/errors.ts',
      'async function later(): Promise<void> {}\nexport function now(): void {\n  later();\n}\n',
    );
    expect(found).toContain('@typescript-eslint/no-floating-promises');
  });
}, 120_000);

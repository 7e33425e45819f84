import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerConfigs } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', '.e2e-profiles/**', 'server/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Site text is data, never markup: no HTML sinks anywhere in the extension.
      'no-restricted-properties': [
        'error',
        {
          property: 'innerHTML',
          message: 'Build DOM nodes or use Preact; never parse site text as HTML.',
        },
        {
          property: 'outerHTML',
          message: 'Build DOM nodes or use Preact; never parse site text as HTML.',
        },
        { property: 'insertAdjacentHTML', message: 'Build DOM nodes; never parse text as HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text, not HTML.',
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error silently.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  // The layers (docs/architecture.md): which code may import which.
  ...layerConfigs,
  {
    // Tests may parse fixture HTML into documents.
    files: ['tests/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

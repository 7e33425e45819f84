import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // Tests may parse fixture HTML into documents.
    files: ['tests/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

// Unit tests: extension code runs against WXT's fakeBrowser and fake-indexeddb. DOM tests opt in
// with `// @vitest-environment happy-dom` at the top of the file.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
    // Latency-bound tests run alone: vitest.load.config.ts.
    exclude: ['**/node_modules/**', 'server/**/*.load.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    restoreMocks: true,
    // The in-page stylesheets are imported as strings (components/in-page/styles.ts): tests get
    // their text, as the build does (Vitest leaves CSS empty otherwise).
    css: { include: [/components\/in-page\/.+\.css/] },
  },
});

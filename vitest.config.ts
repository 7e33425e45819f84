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
  },
});

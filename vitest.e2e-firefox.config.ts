import { defineConfig } from 'vitest/config';

// The Firefox end-to-end suite drives the Firefox build in Firefox ESR over WebDriver BiDi; one
// browser at a time on two cores. The global setup fails the run at once, never skipping, when
// Firefox or the build is missing.
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    globalSetup: ['tests/e2e-firefox/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

// Tests whose requirement is a latency bound (the receiver answering /health while large CSV
// downloads run): one file at a time, after the unit tests, so no other test competes for the CPU.
export default defineConfig({
  test: {
    include: ['server/**/*.load.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
  },
});

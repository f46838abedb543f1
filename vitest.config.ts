import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code and run in parallel. Integration tests in test/ start real
// processes, PostgreSQL and Chromium on a 2-core machine: they run one file at a time so that
// clusters and browsers do not fight for CPU and ports.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['model/**/*.test.ts', 'fake-twilio/**/*.test.ts', 'target-app/**/*.test.ts', 'harness/**/*.test.ts', 'scenarios/**/*.test.ts', 'reports/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          fileParallelism: false,
          // describe.concurrent files (test/external-target.test.ts) run two CLI runs at a time; vitest
          // starts a test's timeout when the test starts, so waiting for a slot never counts against it.
          maxConcurrency: 2,
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

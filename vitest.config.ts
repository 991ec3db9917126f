import { defineConfig } from 'vitest/config';

// Three projects: pure unit tests beside the code, integration tests against the real
// database and Redis, and browser end-to-end tests in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'core/src/**/*.test.ts',
            'server/src/**/*.test.ts',
            'workers/src/**/*.test.ts',
            'samples/**/*.test.ts',
            'web/src/**/*.test.ts',
            'web/src/**/*.test.tsx',
          ],
          environment: 'node',
          // A busy machine (CI beside other runs) makes scrypt and 64 KiB-read tests take seconds.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and integration tests that use real SQLite files, the real
// keychain (inside scripts/with-keyring.mjs) and real HTTP to the Klaviyo emulator.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

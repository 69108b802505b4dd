import { defineConfig } from 'vitest/config';

// Two projects so the CLI tests can run alone (`vitest run --project cli`) without the pilots'
// shared dependency install, which compiles better-sqlite3 and takes a minute.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 600_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'cli',
          include: ['e2e/cli/**/*.test.ts'],
          globalSetup: ['support/pack-cli.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'update',
          include: ['e2e/update/**/*.test.ts'],
          globalSetup: ['support/update-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pilots',
          maxConcurrency: 2,
          include: ['e2e/pilots/**/*.test.ts'],
          globalSetup: ['support/pack-cli.ts', 'support/pilot-matrix.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Two projects so the CLI tests can run alone (`vitest run --project cli`) without the pilots'
// shared dependency install. Pilots run on PILOT_NODE_LINE (22, 24 or 26; default 24), installed
// from npm into ~/.cache/pilot-slice-node; the generator runs on whatever `node` runs vitest.
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
          globalSetup: ['support/pack-cli.ts', 'support/node-line-setup.ts'],
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
          globalSetup: ['support/pack-cli.ts', 'support/node-line-setup.ts', 'support/pilot-matrix.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['support/pack-cli.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});

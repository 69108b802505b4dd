import { defineConfig } from 'vitest/config';

// CI runs every package's tests at once on two cores, beside the e2e suite: tests that render all
// the shipped templates or spawn a child need more than vitest's default 5 s there.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 30_000 } });

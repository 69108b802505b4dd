/**
 * Scratch folders for tests, removed when the tests of the file that made them end: `npm test`
 * leaves nothing in the OS temp folder, however often it runs. Per file, not per test: in a
 * `describe.concurrent` block a global per-test hook cannot tell which test is running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

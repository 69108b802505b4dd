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
// A minute, not the default 10 s: the eval CLI tests leave a score of workspaces (reports, caches)
// to remove, and on a loaded CI machine that alone has taken longer.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 60_000);

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}

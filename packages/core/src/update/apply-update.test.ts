import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BEFORE, killPlan } from '../test-utils/update-fixture.js';
import { listFiles, writeTree } from '../test-utils/fixtures.js';
import { UPDATE_DIR, applyUpdate, recoverInterruptedUpdate } from './apply-update.js';

const run = promisify(execFile);

async function contents(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of await listFiles(dir)) files[path] = await readFile(join(dir, path), 'utf8');
  return files;
}

describe('applyUpdate', () => {
  it('writes, deletes, removes emptied folders and leaves no working folder', async () => {
    const pilot = await writeTree(BEFORE);
    await applyUpdate(pilot, killPlan());
    expect(await contents(pilot)).toEqual({
      '.pilot-slice.json': '{"version": "new"}\n',
      'src/kit/a.ts': 'export const a = 2;\n',
      'src/kit/b.ts': 'export const b = 2;\n',
      'src/kit/new/c.ts': 'export const c = 2;\n',
      'src/pipeline.ts': 'the team wrote this\n',
    });
    expect(recoverInterruptedUpdate(pilot)).toBeNull();
  });

  // Every point of the commit: before the first move, between moves, and before the provenance file.
  // Each spawns a Node child with tsx: allow for a busy machine.
  it.each(killPlan().map((_, step) => step))('a kill -9 before commit step %i leaves tree and provenance as they were, once rolled back', { timeout: 60_000 }, async (step) => {
    const pilot = await writeTree(BEFORE);
    const child = run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../test-utils/update-then-kill.ts'), pilot, String(step)], {
      cwd: join(import.meta.dirname, '../..'),
    });
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
    expect((await listFiles(pilot)).some((path) => path.startsWith(`${UPDATE_DIR}/`))).toBe(true);
    expect(recoverInterruptedUpdate(pilot)).toBeGreaterThanOrEqual(0);
    expect(await contents(pilot)).toEqual(BEFORE);
  });

  it('a failure in the middle of the moves puts every file back and says so', async () => {
    const pilot = await writeTree(BEFORE);
    // A file where the new file's folder must go: the third move fails.
    await writeFile(join(pilot, 'src/kit/new'), 'a file, not a folder\n');
    const before = await contents(pilot);
    await expect(applyUpdate(pilot, killPlan())).rejects.toThrow(/could not apply the update: .*; every file was put back/);
    expect(await contents(pilot)).toEqual(before);
  });

  it('writes the executable bit a change asks for', async () => {
    const pilot = await writeTree({ 'run.sh': 'echo 1\n' });
    await applyUpdate(pilot, [{ path: 'run.sh', type: 'update', content: Buffer.from('echo 2\n'), origin: 'test', executable: true }]);
    const { mode } = await stat(join(pilot, 'run.sh'));
    expect(mode & 0o111).not.toBe(0);
  });

  it('refuses to roll back while the update that left the journal is still running', async () => {
    const pilot = await writeTree(BEFORE);
    await mkdir(join(pilot, UPDATE_DIR), { recursive: true });
    await writeFile(join(pilot, UPDATE_DIR, 'journal.json'), JSON.stringify({ pid: process.ppid, ops: [] }));
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(/another update \(process \d+\) is running in this pilot/);
  });
});

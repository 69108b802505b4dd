import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BEFORE, killPlan } from '../test-utils/update-fixture.js';
import { listFiles, tempDir as tempDirOf, writeTree } from '../test-utils/fixtures.js';
import { applyUpdate, recoverInterruptedUpdate } from './apply-update.js';
import { UPDATE_DIR } from './journal.js';

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

  it('a file where a new folder must go is refused while staging, before anything in the pilot moves', async () => {
    const pilot = await writeTree(BEFORE);
    await writeFile(join(pilot, 'src/kit/new'), 'a file, not a folder\n');
    const before = await contents(pilot);
    await expect(applyUpdate(pilot, killPlan())).rejects.toThrow(/^src\/kit\/new is not a folder, but update needs src\/kit\/new\/c.ts inside it/);
    expect(await contents(pilot)).toEqual(before);
  });

  it('a failure in the middle of the moves puts every file back and says so', async () => {
    const pilot = await writeTree(BEFORE);
    // The obstacle appears after staging, as the second move starts: the commit fails there.
    const obstacle = join(pilot, 'src/kit/new');
    const onCommitStep = (index: number) => index === 1 && writeFileSync(obstacle, 'a file, not a folder\n');
    await expect(applyUpdate(pilot, killPlan(), { onCommitStep })).rejects.toThrow(/could not apply the update: src\/kit\/new is not a folder.*; every file was put back/);
    expect(await contents(pilot)).toEqual({ ...BEFORE, 'src/kit/new': 'a file, not a folder\n' });
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

describe('recoverInterruptedUpdate refuses a journal it did not write, and moves nothing', () => {
  const journalAt = async (pilot: string, text: string) => {
    await mkdir(join(pilot, UPDATE_DIR, 'backup'), { recursive: true });
    await writeFile(join(pilot, UPDATE_DIR, 'journal.json'), text);
  };

  it.each([
    ['{}', /is not a journal this tool wrote \(pid: /],
    ['{"pid": 1, "ops": {}}', /is not a journal this tool wrote \(ops: /],
    ['{"pid": 1, "ops": "abc"}', /is not a journal this tool wrote \(ops: /],
    ['[null]', /is not a journal this tool wrote \(top level: /],
    ['{"pid": 1, "ops": [', /is not valid JSON/],
    ['{"pid": 1, "ops": [{"path": "a.txt", "backup": "../../outside"}]}', /ops\.0\.backup: expected backup\/<n>, inside the working folder/],
    ['{"pid": 1, "ops": [{"path": "a.txt", "staged": "/etc/passwd", "backup": "backup/0"}]}', /ops\.0\.staged: expected staged\/<n>/],
  ])('%s', async (text, reason) => {
    const pilot = await writeTree(BEFORE);
    await journalAt(pilot, text);
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(reason);
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(/nothing was moved\. It is left for you to inspect; once you have, discard it with: rm -rf ".*\.pilot-slice-update"$/);
    expect(await readFile(join(pilot, UPDATE_DIR, 'journal.json'), 'utf8')).toBe(text);
  });

  it('an op outside the pilot: the file there is neither deleted nor replaced', async () => {
    const parent = await tempDirOf();
    const pilot = await writeTree(BEFORE, join(parent, 'pilot'));
    await writeFile(join(parent, 'victim.txt'), "not the pilot's\n");
    await writeTree({ 'backup/0': 'pulled in\n' }, join(pilot, UPDATE_DIR));
    await journalAt(pilot, JSON.stringify({ pid: 1, ops: [{ path: '../victim.txt', staged: 'staged/0', backup: 'backup/0' }] }));
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(/names a path update may not touch \(.*"\.\.\/victim\.txt", which is not a plain path inside the pilot\)/);
    expect(await readFile(join(parent, 'victim.txt'), 'utf8')).toBe("not the pilot's\n");
    expect(await readFile(join(pilot, UPDATE_DIR, 'backup/0'), 'utf8')).toBe('pulled in\n');
  });

  it('an op through a linked folder is refused before any op is rolled back', async () => {
    const outside = await tempDirOf();
    await writeFile(join(outside, 'x.ts'), 'outside\n');
    const pilot = await writeTree(BEFORE);
    await symlink(outside, join(pilot, 'src/linked'));
    await writeTree({ 'backup/0': 'old a\n' }, join(pilot, UPDATE_DIR));
    const ops = [
      { path: 'src/kit/a.ts', backup: 'backup/0' },
      { path: 'src/linked/x.ts', backup: 'backup/1' },
    ];
    await journalAt(pilot, JSON.stringify({ pid: 1, ops }));
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(/src\/linked is a symbolic link/);
    expect(await readFile(join(outside, 'x.ts'), 'utf8')).toBe('outside\n');
    expect(await readFile(join(pilot, 'src/kit/a.ts'), 'utf8')).toBe(BEFORE['src/kit/a.ts']);
  });

  it('a working folder that is a link is refused, not followed', async () => {
    const outside = await tempDirOf();
    await writeFile(join(outside, 'journal.json'), JSON.stringify({ pid: 1, ops: [] }));
    const pilot = await writeTree(BEFORE);
    await symlink(outside, join(pilot, UPDATE_DIR));
    expect(() => recoverInterruptedUpdate(pilot)).toThrow(/^\.pilot-slice-update is not a folder \(a link or a file\); nothing was moved/);
    expect(await readFile(join(outside, 'journal.json'), 'utf8')).toContain('"ops":[]');
  });
});

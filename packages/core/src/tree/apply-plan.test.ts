import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listFiles, tempDir } from '../test-utils/fixtures.js';
import { applyPlan, stagingPrefix } from './apply-plan.js';
import type { Plan } from './plan.js';

const run = promisify(execFile);

function planOf(targetDir: string, count: number): Plan {
  const changes = Array.from({ length: count }, (_, i) => ({
    path: `dir${i % 3}/file${i}.txt`,
    type: 'create' as const,
    content: Buffer.from(`file ${i}\n`),
    origin: 'test',
  }));
  changes.push({ path: '.pilot-slice.json', type: 'create', content: Buffer.from('{}\n'), origin: 'provenance' });
  return { targetDir, changes };
}

async function siblings(parent: string): Promise<string[]> {
  return (await readdir(parent)).sort();
}

describe('applyPlan', () => {
  it('writes every file of the plan into a new folder', async () => {
    const parent = await tempDir();
    await applyPlan(planOf(join(parent, 'pilot'), 10));
    expect(await listFiles(join(parent, 'pilot'))).toHaveLength(11);
    expect(await readFile(join(parent, 'pilot/dir1/file4.txt'), 'utf8')).toBe('file 4\n');
    expect(await siblings(parent)).toEqual(['pilot']);
  });

  it('fills an existing empty folder and keeps the folder itself', async () => {
    const parent = await tempDir();
    await mkdir(join(parent, 'pilot'));
    await applyPlan(planOf(join(parent, 'pilot'), 4));
    expect(await listFiles(join(parent, 'pilot'))).toHaveLength(5);
  });

  it('scaffolds beside an existing .git folder without touching it', async () => {
    const parent = await tempDir();
    await mkdir(join(parent, 'pilot/.git'), { recursive: true });
    await writeFile(join(parent, 'pilot/.git/HEAD'), 'ref: refs/heads/main\n');
    await applyPlan(planOf(join(parent, 'pilot'), 4));
    expect(await readFile(join(parent, 'pilot/.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await listFiles(join(parent, 'pilot'))).toHaveLength(6);
  });

  it('refuses a non-empty folder and writes nothing', async () => {
    const parent = await tempDir();
    await mkdir(join(parent, 'pilot'));
    await writeFile(join(parent, 'pilot/notes.txt'), 'mine');
    await expect(applyPlan(planOf(join(parent, 'pilot'), 4))).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
    expect(await listFiles(join(parent, 'pilot'))).toEqual(['notes.txt']);
    expect(await siblings(parent)).toEqual(['pilot']);
  });

  it('leaves nothing behind when interrupted partway', async () => {
    const parent = await tempDir();
    const controller = new AbortController();
    const staged: string[] = [];
    const apply = applyPlan(planOf(join(parent, 'pilot'), 30), {
      signal: controller.signal,
      onFileStaged: (path, index) => {
        staged.push(path);
        if (index === 12) controller.abort();
      },
    });
    await expect(apply).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(staged.length).toBeGreaterThan(12);
    expect(staged.length).toBeLessThan(31);
    expect(await siblings(parent)).toEqual([]);
  });

  it('leaves nothing behind when a write fails partway', async () => {
    const parent = await tempDir();
    const plan = planOf(join(parent, 'pilot'), 10);
    plan.changes.splice(5, 0, { path: 'dir0/file0.txt', type: 'create', content: Buffer.from('dup'), origin: 'test' });
    await expect(applyPlan(plan)).rejects.toMatchObject({ code: 'APPLY_FAILED' });
    expect(await siblings(parent)).toEqual([]);
  });

  it('leaves no target folder when the process is killed partway, and the next run cleans up', async () => {
    const parent = await tempDir();
    const target = join(parent, 'pilot');
    const child = run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../test-utils/apply-then-kill.ts'), target], {
      cwd: join(import.meta.dirname, '../..'),
    });
    await expect(child).rejects.toMatchObject({ signal: 'SIGKILL' });
    const left = await siblings(parent);
    expect(left).not.toContain('pilot');
    expect(left.every((name) => name.startsWith(stagingPrefix('pilot')))).toBe(true);

    await applyPlan(planOf(target, 3));
    expect(await siblings(parent)).toEqual(['pilot']);
  });

  it('refuses a plan path outside the target', async () => {
    const parent = await tempDir();
    const plan: Plan = { targetDir: join(parent, 'pilot'), changes: [{ path: '../evil.txt', type: 'create', content: Buffer.from('x'), origin: 'test' }] };
    await expect(applyPlan(plan)).rejects.toMatchObject({ code: 'PATH_ESCAPE' });
    expect(await siblings(parent)).toEqual([]);
  });
});

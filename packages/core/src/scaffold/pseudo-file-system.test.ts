import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../tree/apply-plan.js';
import { refusePseudoFileSystem } from './pseudo-file-system.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pseudo-fs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FIX = 'a kernel pseudo file system that cannot hold a pilot; choose a folder on a disk';

describe.runIf(process.platform === 'linux')('refusePseudoFileSystem', () => {
  it.each([
    ['/proc/pilot', '/proc'],
    ['/proc/x/y', '/proc'],
    ['/sys/pilot', '/sys'],
    ['/dev/shm/pilot', '/dev'],
    ['/dev', '/dev'],
  ])('refuses %s', (target, root) => {
    expect(() => refusePseudoFileSystem(target)).toThrow(`${target} is on ${root}, ${FIX}`);
  });

  it('refuses a link into /proc, naming where it leads, whether or not the place exists', () => {
    symlinkSync('/proc/self', join(dir, 'self'));
    symlinkSync('/proc/no-such-entry', join(dir, 'nowhere'));
    expect(() => refusePseudoFileSystem(join(dir, 'self/pilot'), 'self/pilot')).toThrow(/^self\/pilot \(which is \/proc\/\d+\/pilot\) is on \/proc, /);
    expect(() => refusePseudoFileSystem(join(dir, 'nowhere/p'), 'nowhere/p')).toThrow(`nowhere/p (which is /proc/no-such-entry/p) is on /proc, ${FIX}`);
  });

  it('lets a folder on a disk pass, made or not, and names that merely start like a pseudo root', () => {
    expect(() => refusePseudoFileSystem(join(dir, 'a/b/c'))).not.toThrow();
    expect(() => refusePseudoFileSystem(join(dir, 'proc'))).not.toThrow();
    expect(() => refusePseudoFileSystem('/devices-not-dev/p')).not.toThrow();
  });

  it('is the first thing applyPlan checks, so nothing is tried on /proc', async () => {
    const plan = { targetDir: '/proc/pilot', changes: [{ path: 'a.txt', type: 'create' as const, content: Buffer.from('a'), origin: 'test' }] };
    await expect(applyPlan(plan)).rejects.toMatchObject({ code: 'PSEUDO_FILE_SYSTEM', message: `/proc/pilot is on /proc, ${FIX}` });
  });
});

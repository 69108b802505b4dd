import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotSliceError, STAGING_MARK } from '@pilot-slice/core';
import { describe, expect, it } from 'vitest';
import { describeFileSystemError } from './file-system-error.js';

/** The error node:fs throws, for codes a test cannot provoke as root (EACCES) or without a read-only mount (EROFS). */
function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

describe('describeFileSystemError', () => {
  it.each([
    ['EROFS', '/mnt/ro/p: the file system is read-only (EROFS); choose a folder on a writable disk'],
    ['EACCES', '/mnt/ro/p: permission denied (EACCES); choose a folder you can write to'],
    ['ENAMETOOLONG', '/mnt/ro/p: a name in the path is too long (ENAMETOOLONG); choose a shorter path'],
    ['ENOTDIR', '/mnt/ro/p: a part of the path is a file, not a folder (ENOTDIR); choose a path made of folders'],
    ['ENOENT', '/mnt/ro/p: no such file or folder (ENOENT); check the path (a symbolic link on it may point nowhere)'],
  ])('maps %s to one line naming the path, as bad input', (code, message) => {
    expect(describeFileSystemError(errno(code, 'mkdir', '/mnt/ro/p'), '/home/me')).toEqual({ message, exit: 'input' });
  });

  it('reports a full disk as a failure, not as bad input', () => {
    expect(describeFileSystemError(errno('ENOSPC', 'write', '/data/p/x'), '/')).toMatchObject({ exit: 'failure' });
  });

  it('finds the error behind a failed apply and names the folder, not the staging folder inside it', () => {
    const cause = errno('EACCES', 'mkdtemp', `/srv/pilots/.p${STAGING_MARK}123-XXXXXX`);
    const wrapped = new PilotSliceError('APPLY_FAILED', 'could not write /srv/pilots/p', { cause });
    expect(describeFileSystemError(wrapped, '/srv')?.message).toBe('pilots: permission denied (EACCES); choose a folder you can write to');
  });

  it('names the path relative to the current folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'fs-error-'));
    try {
      writeFileSync(join(cwd, 'notes'), 'x');
      const error = await mkdir(join(cwd, 'notes/p')).catch((thrown: unknown) => thrown);
      expect(describeFileSystemError(error, cwd)?.message).toBe('notes/p: a part of the path is a file, not a folder (ENOTDIR); choose a path made of folders');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('puts any other file-system code in one line too, as a failure', () => {
    expect(describeFileSystemError(errno('EBUSY', 'rename', '/data/p'), '/home/me')).toEqual({
      message: '/data/p: rename failed (EBUSY); check the path and the disk, then run again',
      exit: 'failure',
    });
  });

  it('leaves other errors alone', () => {
    expect(describeFileSystemError(new Error('boom'), '/')).toBeUndefined();
    expect(describeFileSystemError(new PilotSliceError('USAGE', 'bad'), '/')).toBeUndefined();
    expect(describeFileSystemError(Object.assign(new Error('x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }), '/')).toBeUndefined();
  });
});

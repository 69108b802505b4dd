import { basename, dirname } from 'node:path';
import { STAGING_MARK } from '@pilot-slice/core';
import { showPath } from './paths.js';

/** What each file-system refusal means for someone choosing where a pilot goes, and what to do instead. */
const REASONS: Record<string, { reason: string; fix: string; exit: 'input' | 'failure' }> = {
  ENAMETOOLONG: { reason: 'a name in the path is too long', fix: 'choose a shorter path', exit: 'input' },
  ENOTDIR: { reason: 'a part of the path is a file, not a folder', fix: 'choose a path made of folders', exit: 'input' },
  EISDIR: { reason: 'it is a folder, not a file', fix: 'name a file', exit: 'input' },
  EACCES: { reason: 'permission denied', fix: 'choose a folder you can write to', exit: 'input' },
  EPERM: { reason: 'operation not permitted', fix: 'choose a folder you can write to', exit: 'input' },
  EROFS: { reason: 'the file system is read-only', fix: 'choose a folder on a writable disk', exit: 'input' },
  ELOOP: { reason: 'too many symbolic links', fix: 'name the folder itself', exit: 'input' },
  ENOENT: { reason: 'no such file or folder', fix: 'check the path (a symbolic link on it may point nowhere)', exit: 'input' },
  ENOSPC: { reason: 'no space left on the device', fix: 'free some space and run again (nothing was written)', exit: 'failure' },
  EDQUOT: { reason: 'disk quota exceeded', fix: 'free some space and run again (nothing was written)', exit: 'failure' },
};

export interface FileSystemProblem {
  message: string;
  exit: 'input' | 'failure';
}

/**
 * A file-system error (thrown directly, or as the cause of a failed apply) as one line naming the
 * path and the reason; undefined for anything else. The staging folder is an implementation detail,
 * so an error inside it names the folder it sits in. A code not in REASONS is still one line, with
 * the system's own words: a file-system refusal is about the machine, not a bug to report.
 */
export function describeFileSystemError(error: unknown, cwd: string): FileSystemProblem | undefined {
  const errno = findErrno(error);
  if (!errno?.code) return undefined;
  const path = errno.path ? showPath(cwd, outsideStaging(errno.path)) : 'a path';
  const known = REASONS[errno.code];
  if (!known) return { message: `${path}: ${errno.syscall ?? 'a file operation'} failed (${errno.code}); check the path and the disk, then run again`, exit: 'failure' };
  return { message: `${path}: ${known.reason} (${errno.code}); ${known.fix}`, exit: known.exit };
}

function findErrno(error: unknown): NodeJS.ErrnoException | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (typeof (current as NodeJS.ErrnoException).code === 'string' && 'syscall' in current) return current as NodeJS.ErrnoException;
  }
  return undefined;
}

function outsideStaging(path: string): string {
  let current = path;
  while (current !== dirname(current)) {
    if (basename(current).includes(STAGING_MARK)) return dirname(current);
    current = dirname(current);
  }
  return path;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badFolderOnTheWay, statOrMissing } from '../tree/inside-path.js';

/** One version of a file: what a template rendered, or what is on disk. */
export interface FileSide {
  content: Buffer;
  executable: boolean;
  /** True when the executable bit is a guess (a base found in git history by content alone). */
  modeUnknown?: boolean;
}

/** What is at a path in the pilot: a regular file, nothing, or something update must not touch. */
export type WorkFile = FileSide | 'missing' | 'not-a-file';

export function readWorkFile(pilotDir: string, path: string): WorkFile {
  // Never read through a linked folder: what is behind it is not the pilot's (see insidePath).
  if (badFolderOnTheWay(pilotDir, path)) return 'not-a-file';
  const full = join(pilotDir, ...path.split('/'));
  const stat = statOrMissing(full);
  if (!stat) return 'missing';
  // A link or a folder where the template has a file is the team's choice: never written through.
  if (!stat.isFile()) return 'not-a-file';
  return { content: readFileSync(full), executable: (stat.mode & 0o111) !== 0 };
}

/** Git's rule: a NUL byte in the first 8000 bytes makes a file binary, and binary files are not line-merged. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

export function sameSide(a: FileSide | undefined, b: FileSide | undefined): boolean {
  if (!a || !b) return a === b;
  return a.executable === b.executable && a.content.equals(b.content);
}

import { type Stats, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { assertInsideTarget } from '../render/output-path.js';

/** A folder on the way to a path that is not a real folder: a symbolic link, or a file. */
export interface BadFolder {
  /** The folder, relative to the root, as `/` segments. */
  folder: string;
  kind: 'link' | 'not-a-folder';
}

/**
 * The one guard for a path the generator reads, writes, moves or deletes under a folder it works in
 * (the scaffold's staging folder; a pilot on update, check and roll-back). It resolves the path and
 * proves it stays inside: plain relative segments (no `..`, no absolute path), and no existing
 * folder on the way that is a symbolic link or not a folder at all. A link to a folder outside
 * would carry every later write, rename and delete out of the pilot, so it is refused by name.
 * The last segment may be anything: callers decide what a link there means (update leaves such a
 * path alone, and a rename moves a link, never its target). Folders not there yet are fine: only
 * we create them.
 */
export function insidePath(root: string, path: string, origin: string): string {
  const segments = assertInsideTarget(path, origin).split('/');
  const bad = badFolderOnTheWay(root, path);
  if (bad?.kind === 'link') {
    const to = readlinkSync(join(root, ...bad.folder.split('/')));
    throw new PilotSliceError(
      'PATH_ESCAPE',
      `${bad.folder} is a symbolic link (to ${to}), and ${origin} would go through it to ${path}; links are never written through: replace the link with a real folder, commit, and run again`,
    );
  }
  if (bad) throw new PilotSliceError('PATH_ESCAPE', `${bad.folder} is not a folder, but ${origin} needs ${path} inside it; move it aside and run again`);
  return join(root, ...segments);
}

/** The first folder on the way to `path` (a plain relative path) that is not a real folder, if any. */
export function badFolderOnTheWay(root: string, path: string): BadFolder | undefined {
  const segments = path.split('/');
  let dir = root;
  for (const [index, segment] of segments.slice(0, -1).entries()) {
    dir = join(dir, segment);
    const stat = statOrMissing(dir);
    if (!stat) return undefined;
    const folder = segments.slice(0, index + 1).join('/');
    if (stat.isSymbolicLink()) return { folder, kind: 'link' };
    if (!stat.isDirectory()) return { folder, kind: 'not-a-folder' };
  }
  return undefined;
}

/** lstat, or undefined where nothing is there (ENOENT, or a file where a folder was expected). */
export function statOrMissing(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

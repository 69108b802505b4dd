import { isAbsolute, relative } from 'node:path';

/** How to show a target to the user: relative to where they stand when that is shorter. */
export function showPath(cwd: string, target: string): string {
  const rel = relative(cwd, target);
  if (rel === '') return '.';
  return rel.length < target.length && !isAbsolute(rel) ? rel : target;
}

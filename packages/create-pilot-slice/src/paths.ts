import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Templates ship inside the package, beside dist/ (and beside src/ in the workspace), copied there by build.mjs. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates', import.meta.url));

/** How to show a target to the user: relative to where they stand when that is shorter. */
export function showPath(cwd: string, target: string): string {
  const rel = relative(cwd, target);
  if (rel === '') return '.';
  return rel.length < target.length && !isAbsolute(rel) ? rel : target;
}

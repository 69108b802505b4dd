import { PilotSliceError } from '../errors.js';

export const TEMPLATE_SUFFIX = '.hbs';

/** `_gitignore` → `.gitignore`, `_github` → `.github`: npm drops some dotfiles from packages, so templates store them this way. */
export function restoreDotfile(segment: string): string {
  return /^_[A-Za-z]/.test(segment) ? `.${segment.slice(1)}` : segment;
}

/**
 * Checks that a rendered path names a file inside the target: relative, forward slashes,
 * no `.` or `..` segments, nothing empty. Returns it unchanged when it does.
 */
export function assertInsideTarget(path: string, origin: string): string {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.startsWith('/') ||
    /^[A-Za-z]:/.test(path) ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (bad) {
    throw new PilotSliceError('PATH_ESCAPE', `${origin} renders to "${path}", which is not a plain path inside the pilot; rendered paths must stay inside the target folder`);
  }
  return path;
}

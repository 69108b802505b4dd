import { type Stats, lstatSync, readdirSync, readlinkSync } from 'node:fs';

export type TargetState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** Only a `.git` folder: a fresh `git init` or clone of an empty repo is a fine place to scaffold. */
  | { kind: 'git-only' }
  | { kind: 'not-empty'; entries: string[] }
  | { kind: 'not-a-directory' }
  /** A symbolic link, even to a folder: writing through it would put the pilot somewhere the user did not name. */
  | { kind: 'symlink'; to: string };

export function inspectTarget(dir: string): TargetState {
  let stats: Stats;
  try {
    stats = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (stats.isSymbolicLink()) return { kind: 'symlink', to: readlinkSync(dir) };
  if (!stats.isDirectory()) return { kind: 'not-a-directory' };
  const entries = readdirSync(dir).sort();
  if (entries.length === 0) return { kind: 'empty' };
  if (entries.length === 1 && entries[0] === '.git') return { kind: 'git-only' };
  return { kind: 'not-empty', entries };
}

export function describeTargetProblem(shown: string, state: TargetState): string | undefined {
  if (state.kind === 'not-a-directory') return `${shown} exists and is not a folder; choose another name`;
  if (state.kind === 'symlink') return `${shown} is a symbolic link (to ${state.to}); name the folder itself, or choose a new folder name`;
  if (state.kind !== 'not-empty') return undefined;
  const sample = state.entries.slice(0, 3).join(', ');
  const more = state.entries.length > 3 ? `, and ${state.entries.length - 3} more` : '';
  return `${shown} is not empty (${sample}${more}); choose a new folder name or empty it first`;
}

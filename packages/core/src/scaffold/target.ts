import { readdirSync, statSync } from 'node:fs';

export type TargetState =
  | { kind: 'missing' }
  | { kind: 'empty' }
  /** Only a `.git` folder: a fresh `git init` or clone of an empty repo is a fine place to scaffold. */
  | { kind: 'git-only' }
  | { kind: 'not-empty'; entries: string[] }
  | { kind: 'not-a-directory' };

export function inspectTarget(dir: string): TargetState {
  try {
    if (!statSync(dir).isDirectory()) return { kind: 'not-a-directory' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const entries = readdirSync(dir).sort();
  if (entries.length === 0) return { kind: 'empty' };
  if (entries.length === 1 && entries[0] === '.git') return { kind: 'git-only' };
  return { kind: 'not-empty', entries };
}

export function describeTargetProblem(shown: string, state: TargetState): string | undefined {
  if (state.kind === 'not-a-directory') return `${shown} exists and is not a folder; choose another name`;
  if (state.kind !== 'not-empty') return undefined;
  const sample = state.entries.slice(0, 3).join(', ');
  const more = state.entries.length > 3 ? `, and ${state.entries.length - 3} more` : '';
  return `${shown} is not empty (${sample}${more}); choose a new folder name or empty it first`;
}

import { relative } from 'node:path';
import type { Conflict, FileSide } from '@pilot-slice/core';
import { execa } from 'execa';

/** What update asks git about the pilot's folder. Every question is scoped to that folder, so the rest of a monorepo may be dirty. */
export interface PilotGit {
  /** The pilot's folder inside the repository, with a trailing `/` (empty at the root). */
  prefix: string;
  /** Uncommitted changes and untracked files inside the pilot, as `git status` shows them. */
  dirty(): Promise<string[]>;
  /** Paths with unmerged index entries inside the pilot (a conflict not yet resolved). */
  unmerged(): Promise<string[]>;
  /** Every version each of `paths` had in any commit, for finding a merge base by hash. */
  history(paths: readonly string[]): Promise<Map<string, Buffer[]>>;
  /** Writes stages 1/2/3 for conflicted files, so `git status` shows them as both modified. */
  stageConflicts(conflicts: readonly Conflict[]): Promise<void>;
}

export async function openPilotGit(pilotDir: string): Promise<PilotGit | null> {
  const probe = await execa('git', ['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: pilotDir, reject: false });
  if (probe.failed) return null;
  const [, prefix = ''] = probe.stdout.split('\n');
  const git = async (args: string[], input?: string | Buffer): Promise<Buffer> => {
    const result = await execa('git', args, { cwd: pilotDir, input: input ?? '', encoding: 'buffer', stripFinalNewline: false });
    return Buffer.from(result.stdout);
  };
  const text = async (args: string[]): Promise<string> => (await git(args)).toString('utf8');
  return {
    prefix,
    async dirty() {
      const out = await text(['status', '--porcelain=v1', '--untracked-files=all', '--', '.']);
      return out.split('\n').filter(Boolean);
    },
    async unmerged() {
      const out = await text(['ls-files', '--unmerged', '--', '.']);
      return [
        ...new Set(
          out
            .split('\n')
            .filter(Boolean)
            .map((line) => line.split('\t')[1] ?? line),
        ),
      ];
    },
    async history(paths) {
      const wanted = new Set(paths.map((path) => `${prefix}${path}`));
      const objects = await text(['rev-list', '--all', '--objects', '--', '.']).catch(() => '');
      const blobs: Array<{ sha: string; path: string }> = [];
      for (const line of objects.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0 && wanted.has(line.slice(space + 1))) blobs.push({ sha: line.slice(0, space), path: line.slice(space + 1 + prefix.length) });
      }
      const found = new Map<string, Buffer[]>();
      if (blobs.length === 0) return found;
      const batch = await git(['cat-file', '--batch'], `${blobs.map((blob) => blob.sha).join('\n')}\n`);
      let offset = 0;
      for (const blob of blobs) {
        const headerEnd = batch.indexOf(10, offset);
        const [, type, size] = batch.toString('utf8', offset, headerEnd).split(' ');
        const start = headerEnd + 1;
        const end = start + Number(size);
        if (type === 'blob') found.set(blob.path, [...(found.get(blob.path) ?? []), batch.subarray(start, end)]);
        offset = end + 1;
      }
      return found;
    },
    async stageConflicts(conflicts) {
      const lines: string[] = [];
      for (const { path, stages } of conflicts) {
        const ignored = await execa('git', ['check-ignore', '-q', '--', path], { cwd: pilotDir, reject: false });
        if (ignored.exitCode === 0) continue; // an ignored file has no place in the index
        const full = `${prefix}${path}`;
        lines.push(`0 ${'0'.repeat(40)}\t${full}`);
        for (const [stage, side] of [
          [1, stages.base],
          [2, stages.ours],
          [3, stages.theirs],
        ] as const) {
          if (side) lines.push(`${mode(side)} ${await hashObject(side)} ${stage}\t${full}`);
        }
      }
      if (lines.length > 0) await git(['update-index', '--index-info'], `${lines.join('\n')}\n`);
    },
  };

  async function hashObject(side: FileSide): Promise<string> {
    return (await git(['hash-object', '-w', '--stdin'], side.content)).toString('utf8').trim();
  }
}

function mode(side: FileSide): string {
  return side.executable ? '100755' : '100644';
}

export function pilotPathFromCwd(cwd: string, pilotDir: string): string {
  return relative(cwd, pilotDir) || '.';
}

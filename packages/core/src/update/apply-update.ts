import { closeSync, chmodSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROVENANCE_FILE } from '../answers/provenance.js';
import { PilotSliceError } from '../errors.js';
import { insidePath, statOrMissing } from '../tree/inside-path.js';
import type { FileChange } from '../tree/tree.js';
import { isAlive } from '../process-alive.js';
import { type Journal, type JournalOp, JOURNAL, readJournal, workFolder } from './journal.js';

export interface UpdateApplyOptions {
  signal?: AbortSignal;
  /** Called before each move of the commit; tests use it to kill the process at a chosen point. */
  onCommitStep?: (index: number) => void;
}

/**
 * Applies an update so that the work tree and `.pilot-slice.json` change together or not at all.
 * New contents are staged first; then a journal is written; then, in one synchronous pass, each
 * file is moved aside and its replacement moved in, the provenance file last. A run killed in
 * that pass leaves the journal behind, and the next run rolls every move back
 * (`recoverInterruptedUpdate`) before it does anything else.
 */
export async function applyUpdate(pilotDir: string, changes: readonly FileChange[], options: UpdateApplyOptions = {}): Promise<void> {
  const work = workFolder(pilotDir);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'staged'), { recursive: true });
  mkdirSync(join(work, 'backup'), { recursive: true });
  const ordered = [...changes].sort((a, b) => Number(a.path === PROVENANCE_FILE) - Number(b.path === PROVENANCE_FILE));
  const ops: JournalOp[] = [];
  try {
    for (const [index, change] of ordered.entries()) {
      if (options.signal?.aborted) throw new PilotSliceError('INTERRUPTED', 'interrupted; nothing was changed');
      insidePath(pilotDir, change.path, 'update');
      const op: JournalOp = { path: change.path, backup: `backup/${index}` };
      if (change.content !== null) {
        op.staged = `staged/${index}`;
        writeFileSync(join(work, op.staged), change.content, { mode: change.executable ? 0o755 : 0o644 });
        chmodSync(join(work, op.staged), change.executable ? 0o755 : 0o644);
      }
      ops.push(op);
    }
    // A Ctrl-C that arrived while staging is seen here, before anything in the pilot moves.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new PilotSliceError('INTERRUPTED', 'interrupted; nothing was changed');
    // Written whole, then renamed: a journal that is there is complete, so a broken one is refused, never half-trusted.
    writeDurably(join(work, `${JOURNAL}.tmp`), JSON.stringify({ pid: process.pid, ops } satisfies Journal));
    renameSync(join(work, `${JOURNAL}.tmp`), join(work, JOURNAL));
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    if (error instanceof PilotSliceError) throw error;
    throw new PilotSliceError('APPLY_FAILED', `could not stage the update in ${work}: ${(error as Error).message}; nothing was changed`, { cause: error });
  }
  try {
    commit(pilotDir, work, ops, options.onCommitStep);
  } catch (error) {
    rollBack(pilotDir, work, ops);
    rmSync(work, { recursive: true, force: true });
    throw new PilotSliceError('APPLY_FAILED', `could not apply the update: ${(error as Error).message}; every file was put back`, { cause: error });
  }
  rmSync(work, { recursive: true, force: true });
  removeEmptyFolders(
    pilotDir,
    ops.filter((op) => !op.staged).map((op) => op.path),
  );
}

/**
 * Rolls back an update that was killed halfway. Returns how many files it put back, or null when there
 * was none. A journal this tool did not write (forged, corrupted, or naming paths outside the pilot)
 * is refused before anything moves, and left for the team to inspect (see readJournal).
 */
export function recoverInterruptedUpdate(pilotDir: string): number | null {
  const work = workFolder(pilotDir);
  const journal = readJournal(pilotDir);
  if (journal === null) return null;
  if (journal && journal.pid !== process.pid && isAlive(journal.pid)) {
    throw new PilotSliceError('UPDATE_REFUSED', `another update (process ${journal.pid}) is running in this pilot; wait for it to finish`);
  }
  const restored = journal ? rollBack(pilotDir, work, journal.ops) : 0;
  rmSync(work, { recursive: true, force: true });
  return restored;
}

function commit(pilotDir: string, work: string, ops: readonly JournalOp[], onStep?: (index: number) => void): void {
  for (const [index, op] of ops.entries()) {
    onStep?.(index);
    const target = insidePath(pilotDir, op.path, 'update');
    if (exists(target)) renameSync(target, join(work, op.backup));
    if (op.staged) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(work, op.staged), target);
    }
  }
}

/**
 * Undoes the moves in reverse. Complete when the provenance file had not moved in yet; when it
 * had, the update was done and only the working folder is left to remove.
 */
function rollBack(pilotDir: string, work: string, ops: readonly JournalOp[]): number {
  const last = ops.at(-1);
  if (last?.path === PROVENANCE_FILE && last.staged && !exists(join(work, last.staged))) return 0;
  let restored = 0;
  for (const op of [...ops].reverse()) {
    const backup = join(work, op.backup);
    const staged = op.staged ? join(work, op.staged) : undefined;
    // An op the commit never reached has nothing to undo, even if its folder is no longer one to write into.
    if (!exists(backup) && (!staged || exists(staged))) continue;
    const target = insidePath(pilotDir, op.path, `${JOURNAL} (rolling back)`);
    // The new file had moved in: take it out again.
    if (staged && !exists(staged) && exists(target)) rmSync(target, { force: true });
    if (exists(backup)) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(backup, target);
      restored += 1;
    }
  }
  return restored;
}

const exists = (path: string): boolean => statOrMissing(path) !== undefined;

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A folder the template emptied (its files moved or deleted) goes too; the team's folders with files stay. */
function removeEmptyFolders(pilotDir: string, deleted: readonly string[]): void {
  for (const path of deleted) {
    let dir = dirname(join(pilotDir, ...path.split('/')));
    while (dir.startsWith(pilotDir) && dir !== pilotDir) {
      try {
        if (readdirSync(dir).length > 0) break;
        rmdirSync(dir);
      } catch {
        break;
      }
      dir = dirname(dir);
    }
  }
}

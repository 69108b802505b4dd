import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PROVENANCE_FILE } from '../answers/provenance.js';
import { PilotSliceError } from '../errors.js';
import { insidePath } from './inside-path.js';
import { refusePseudoFileSystem } from '../scaffold/pseudo-file-system.js';
import { describeTargetProblem, inspectTarget, type TargetState } from '../scaffold/target.js';
import type { Plan } from './plan.js';
import { isAlive } from '../process-alive.js';

export interface ApplyOptions {
  /** Checked between files; an abort removes everything staged and throws INTERRUPTED. */
  signal?: AbortSignal;
  /** Called after each staged file; tests use it to interrupt at a chosen point. */
  onFileStaged?: (path: string, index: number) => void;
}

export const STAGING_MARK = '.pilot-slice-staging-';

/**
 * Writes a scaffold plan so that a failed or killed run leaves either no pilot or a complete one.
 * Every file is first written into a staging folder beside the target (same file system, so
 * renames are atomic). Then, in one synchronous step that no signal handler can split:
 * a missing target is the staging folder renamed into place; an existing empty target (kept,
 * so a shell inside it stays valid) receives the staged entries, the provenance file last.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<void> {
  const target = resolve(plan.targetDir);
  refusePseudoFileSystem(target);
  const state = inspectTarget(target);
  const problem = describeTargetProblem(target, state);
  if (problem) throw new PilotSliceError('TARGET_NOT_EMPTY', problem);

  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  removeStaleStaging(parent, basename(target));
  const staging = mkdtempSync(join(parent, `.${basename(target)}${STAGING_MARK}${process.pid}-`));
  try {
    await stageFiles(plan, staging, options);
    throwIfAborted(options.signal);
    commitStaging(staging, target, state);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof PilotSliceError) throw error;
    throw new PilotSliceError('APPLY_FAILED', `could not write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Folders first, then files, synchronously: a scaffold writes dozens of small files, and for those
 * a sync write costs less than scheduling it on the thread pool. The abort signal is checked
 * after each file; a signal that arrives meanwhile is delivered at the yield before the commit.
 */
async function stageFiles(plan: Plan, staging: string, options: ApplyOptions): Promise<void> {
  const writes = plan.changes.flatMap((change, index) =>
    change.type === 'delete' || change.content === null
      ? []
      : [
          {
            index,
            path: change.path,
            content: change.content,
            mode: change.executable ? 0o755 : 0o644,
            file: insidePath(staging, change.path, change.path),
          },
        ],
  );
  for (const dir of new Set(writes.map((write) => dirname(write.file)))) mkdirSync(dir, { recursive: true });
  for (const write of writes) {
    throwIfAborted(options.signal);
    writeFileSync(write.file, write.content, { flag: 'wx', mode: write.mode });
    options.onFileStaged?.(write.path, write.index);
  }
  // One turn of the event loop, so a Ctrl-C that came in while the files were written is seen before the commit.
  await new Promise((resolve) => setImmediate(resolve));
}

function commitStaging(staging: string, target: string, state: TargetState): void {
  if (state.kind === 'missing') {
    renameSync(staging, target);
    return;
  }
  // The provenance file moves in last: its presence marks a complete pilot.
  const entries = readdirSync(staging).sort((a, b) => Number(a === PROVENANCE_FILE) - Number(b === PROVENANCE_FILE));
  const moved: string[] = [];
  try {
    for (const entry of entries) {
      renameSync(join(staging, entry), join(target, entry));
      moved.push(entry);
    }
  } catch (error) {
    // Put back what already moved, so the target is as it was.
    for (const entry of moved.reverse()) renameSync(join(target, entry), join(staging, entry));
    throw error;
  }
  rmSync(staging, { recursive: true, force: true });
}

/** A run killed with SIGKILL cannot clean up; the next run removes staging folders whose process is gone. */
function removeStaleStaging(parent: string, name: string): void {
  const prefix = `.${name}${STAGING_MARK}`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && !isAlive(pid)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PilotSliceError('INTERRUPTED', 'interrupted; nothing was written');
}

// Exported for tests that need a folder layout like a real run's.
export const stagingPrefix = (name: string): string => `.${name}${STAGING_MARK}`;

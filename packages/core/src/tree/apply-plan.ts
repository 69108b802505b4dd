import { readdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { assertInsideTarget } from '../render/output-path.js';
import { describeTargetProblem, inspectTarget, type TargetState } from '../scaffold/target.js';
import type { Plan } from './plan.js';

export interface ApplyOptions {
  /** Checked between files; an abort removes everything staged and throws INTERRUPTED. */
  signal?: AbortSignal;
  /** Called after each staged file; tests use it to interrupt at a chosen point. */
  onFileStaged?: (path: string, index: number) => void;
  /** File written last, so its presence marks a complete pilot (the provenance file). */
  lastPath?: string;
}

const STAGING_MARK = '.pilot-slice-staging-';

/**
 * Writes a scaffold plan so that a failed or killed run leaves either no pilot or a complete one.
 * Every file is first written into a staging folder beside the target (same file system, so
 * renames are atomic). Then, in one synchronous step that no signal handler can split:
 * a missing target is the staging folder renamed into place; an existing empty target (kept,
 * so a shell inside it stays valid) receives the staged entries, the provenance file last.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<void> {
  const target = resolve(plan.targetDir);
  const state = await inspectTarget(target);
  const problem = describeTargetProblem(target, state);
  if (problem) throw new PilotSliceError('TARGET_NOT_EMPTY', problem);

  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  await removeStaleStaging(parent, basename(target));
  const staging = await mkdtemp(join(parent, `.${basename(target)}${STAGING_MARK}${process.pid}-`));
  try {
    await stageFiles(plan, staging, options);
    throwIfAborted(options.signal);
    commitStaging(staging, target, state, options.lastPath);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof PilotSliceError) throw error;
    throw new PilotSliceError('APPLY_FAILED', `could not write ${target}: ${(error as Error).message}`, { cause: error });
  }
}

async function stageFiles(plan: Plan, staging: string, options: ApplyOptions): Promise<void> {
  for (const [index, change] of plan.changes.entries()) {
    throwIfAborted(options.signal);
    if (change.type === 'delete' || change.content === null) continue;
    const file = join(staging, ...assertInsideTarget(change.path, change.path).split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, change.content, { flag: 'wx' });
    options.onFileStaged?.(change.path, index);
  }
}

function commitStaging(staging: string, target: string, state: TargetState, lastPath?: string): void {
  if (state.kind === 'missing') {
    renameSync(staging, target);
    return;
  }
  const entries = readdirSync(staging).sort((a, b) => Number(a === lastPath) - Number(b === lastPath));
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
async function removeStaleStaging(parent: string, name: string): Promise<void> {
  const prefix = `.${name}${STAGING_MARK}`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PilotSliceError('INTERRUPTED', 'interrupted; nothing was written');
}

// Exported for tests that need a folder layout like a real run's.
export const stagingPrefix = (name: string): string => `.${name}${STAGING_MARK}`;

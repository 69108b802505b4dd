import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, inject } from 'vitest';
import { userEnv } from './env.js';

export { userEnv };

const perTest: string[] = [];
const perFile: string[] = [];
const removeAll = (dirs: string[]) => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

/** A throwaway folder, removed after the test (or, for a fixture built in beforeAll, after the file). */
export async function workDir(lifetime: 'test' | 'file' = 'test'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pilot-slice-run-'));
  (lifetime === 'test' ? perTest : perFile).push(dir);
  return dir;
}

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, for assertion messages. */
  all: string;
}

/** Runs the installed bin of the packed tarball, as `npx create-pilot-slice` would. */
export async function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  const result = await execa(inject('cliBin'), args, { cwd, reject: false, env: userEnv(env), extendEnv: false, stdin: 'ignore', all: true });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, all: result.all };
}

export async function entries(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** The lines a run printed to stderr, blank ones dropped. */
export function errorLines(result: CliRun): string[] {
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}

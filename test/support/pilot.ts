// A generated pilot for e2e tests: scaffolded by the packed CLI, linked to the matrix's shared node_modules.
import { readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { inject } from 'vitest';
import { nodeLineEnv } from './node-line.js';
import { runCli, workDir } from './run-cli.js';

export interface PilotChoice {
  useCase?: string;
  connector?: string;
  auth?: string;
  /** More flags, e.g. ['--labels', 'refund,shipping,other']. */
  flags?: string[];
}

export interface NpmRun {
  exitCode: number | undefined;
  stdout: string;
  all: string;
}

/** Scaffolds a pilot without install or git, then links the shared dependencies in. It lives until the file ends. */
export async function scaffoldPilot(choice: PilotChoice = {}): Promise<string> {
  const cwd = await workDir('file');
  const args = ['pilot', '--owner', '@acme/e2e', '--no-install', '--no-git'];
  for (const [flag, value] of [
    ['--use-case', choice.useCase],
    ['--connector', choice.connector],
    ['--auth', choice.auth],
  ]) {
    if (value) args.push(flag as string, value);
  }
  args.push(...(choice.flags ?? []));
  const result = await runCli(args, cwd);
  if (result.exitCode !== 0) throw new Error(`scaffold failed: ${result.all}`);
  const dir = join(cwd, 'pilot');
  await linkSharedDependencies(dir);
  return dir;
}

export async function linkSharedDependencies(dir: string): Promise<void> {
  await symlink(inject('sharedNodeModules'), join(dir, 'node_modules'), 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** A clean user environment with the pilots' Node line (PILOT_NODE_LINE) first on PATH, plus `extra`. */
export function pilotEnv(extra: Record<string, string> = {}): Record<string, string> {
  return nodeLineEnv(inject('nodeLine'), extra);
}

/** `npm run <script> -- <args>` in a pilot, on the pilots' Node line, plus `env`. */
export async function npmRun(dir: string, script: string, args: string[] = [], env: Record<string, string> = {}): Promise<NpmRun> {
  const argv = script === 'test' ? ['test', ...(args.length ? ['--', ...args] : [])] : ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])];
  const result = await execa('npm', argv, { cwd: dir, env: pilotEnv(env), extendEnv: false, reject: false, all: true, stdin: 'ignore' });
  return { exitCode: result.exitCode, stdout: result.stdout, all: result.all };
}

export interface EvalCase {
  id: string;
  input: Record<string, unknown>;
  expected?: Record<string, unknown>;
  tags: string[];
  source: string;
}

/** The pilot's own eval cases, every file, in order. */
export async function readCases(dir: string): Promise<Array<EvalCase & { file: string; line: number }>> {
  const casesDir = join(dir, 'evals/cases');
  const cases = [];
  for (const file of (await readdir(casesDir)).filter((name) => name.endsWith('.jsonl')).sort()) {
    const lines = (await readFile(join(casesDir, file), 'utf8')).split('\n');
    for (const [index, line] of lines.entries()) {
      if (line.trim()) cases.push({ ...(JSON.parse(line) as EvalCase), file, line: index + 1 });
    }
  }
  return cases;
}

// pnpm, yarn 1 and bun for the package-manager e2e test, installed from the npm registry into a cache
// folder outside the repository (once per major), the way a user's machine would have them.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_MANAGER_MAJORS } from '@pilot-slice/core';
import { execa } from 'execa';
import { userEnv } from './env.js';

export type OtherManager = keyof typeof PACKAGE_MANAGER_MAJORS;

/** The folder holding the manager's bin, to put first on PATH. */
export async function ensurePackageManager(name: OtherManager): Promise<string> {
  const dir = join(process.env.PILOT_PM_CACHE ?? join(homedir(), '.cache', 'pilot-slice-pm'), `${name}@${PACKAGE_MANAGER_MAJORS[name]}`);
  const bin = join(dir, 'node_modules', '.bin');
  if (existsSync(join(bin, name))) return bin;
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await execa('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', staging, `${name}@${PACKAGE_MANAGER_MAJORS[name]}`], { env: userEnv(), extendEnv: false });
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return bin;
}

/** What `pnpm create`, `yarn create` and `bun create` set, so the CLI detects the manager. */
export async function managerVersion(name: string, env: Record<string, string>): Promise<string> {
  return (await execa(name, ['--version'], { env, extendEnv: false })).stdout.trim();
}

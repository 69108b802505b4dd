// Scaffolds every layer combination the matrix covers with the packed CLI (no install), then installs
// the union of their dependencies ONCE into a shared node_modules: better-sqlite3 compiles from source
// (~60 s), so one install serves the whole matrix, and each pilot links to it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { userEnv } from './env.js';

export interface Combo {
  name: string;
  useCase: string;
  connector: string;
  auth: string;
  dir: string;
  /** Runs the pilot's whole suite; the others run only the tests that depend on their combination (see combosOf). */
  full: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    matrix: Combo[];
    sharedNodeModules: string;
  }
}

interface Listed {
  kinds: Array<{ kind: string; layers: Array<{ id: string; available: boolean }> }>;
}

/**
 * Every use case × connector × auth (5 × 4 × 3 = 60 when all are shipped). One pilot per use case
 * (with sqlite and api-key) runs its whole suite: the kit tests that depend only on the use case
 * (eval CLI, server, feedback, cases) would give the same result in its other eleven combinations.
 */
export function combosOf(listed: Listed): Array<Omit<Combo, 'dir' | 'name'>> {
  const available = (kind: string) =>
    listed.kinds
      .find((k) => k.kind === kind)
      ?.layers.filter((l) => l.available)
      .map((l) => l.id) ?? [];
  const combos = [];
  for (const useCase of available('use-case')) {
    for (const connector of available('connector')) {
      for (const auth of available('auth')) combos.push({ useCase, connector, auth, full: connector === 'sqlite' && auth === 'api-key' });
    }
  }
  return combos;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliBin = project.getProvidedContext().cliBin;
  const root = join(tmpdir(), `pilot-slice-matrix-${process.pid}`);
  await mkdir(root, { recursive: true });
  const env = userEnv();
  const listed = JSON.parse((await execa(cliBin, ['list', '--json'], { env, extendEnv: false })).stdout) as Listed;

  const matrix: Combo[] = [];
  const dependencies: Record<string, string> = {};
  for (const combo of combosOf(listed)) {
    const name = `${combo.useCase}-${combo.connector}-${combo.auth}`;
    const args = [name, '--use-case', combo.useCase, '--connector', combo.connector, '--auth', combo.auth, '--owner', '@acme/matrix', '--no-install', '--no-git'];
    await execa(cliBin, args, { cwd: root, env, extendEnv: false });
    const pkg = JSON.parse(await readFile(join(root, name, 'package.json'), 'utf8'));
    for (const deps of [pkg.dependencies, pkg.devDependencies]) Object.assign(dependencies, deps);
    matrix.push({ ...combo, name, dir: join(root, name) });
  }

  project.provide('matrix', matrix);
  project.provide('sharedNodeModules', await installShared(dependencies, env));
  return () => rm(root, { recursive: true, force: true });
}

/**
 * Installs the dependencies once per distinct set (and Node ABI), kept between runs under the temp
 * folder: a developer re-running the e2e tests does not wait for better-sqlite3 to compile again.
 */
async function installShared(dependencies: Record<string, string>, env: Record<string, string>): Promise<string> {
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const key = createHash('sha256')
    .update(JSON.stringify({ sorted, abi: process.versions.modules, platform: process.platform }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'pilot-slice-shared-deps', key);
  if (existsSync(join(dir, 'node_modules', '.package-lock.json'))) return join(dir, 'node_modules');

  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'package.json'), `${JSON.stringify({ name: 'shared-deps', private: true, dependencies: sorted }, null, 2)}\n`);
  await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: staging, env, extendEnv: false });
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return join(dir, 'node_modules');
}

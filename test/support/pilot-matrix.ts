// Scaffolds every layer combination the matrix covers with the packed CLI (no install), then installs
// the union of their dependencies ONCE into a shared node_modules: better-sqlite3 compiles from source
// (~60 s), so one install serves the whole matrix, and each pilot links to it.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/** Every connector × auth with the default use case, and every other use case with the default connector and auth. */
export function combosOf(listed: Listed): Array<Omit<Combo, 'dir' | 'name'>> {
  const available = (kind: string) => listed.kinds.find((k) => k.kind === kind)?.layers.filter((l) => l.available).map((l) => l.id) ?? [];
  const combos = [];
  for (const connector of available('connector')) for (const auth of available('auth')) combos.push({ useCase: 'classify', connector, auth });
  for (const useCase of available('use-case').filter((id) => id !== 'classify')) combos.push({ useCase, connector: 'sqlite', auth: 'api-key' });
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

  const deps = join(root, 'shared-deps');
  await mkdir(deps, { recursive: true });
  await writeFile(join(deps, 'package.json'), `${JSON.stringify({ name: 'shared-deps', private: true, dependencies }, null, 2)}\n`);
  await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: deps, env, extendEnv: false });

  project.provide('matrix', matrix);
  project.provide('sharedNodeModules', join(deps, 'node_modules'));
  return () => rm(root, { recursive: true, force: true });
}

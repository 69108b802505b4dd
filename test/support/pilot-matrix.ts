// Scaffolds every layer combination the matrix covers with the packed CLI (no install), then installs
// the union of their dependencies ONCE into a shared node_modules, per Node line: one install serves
// the whole matrix, and each pilot links to it. Everything runs on the chosen Node line
// (PILOT_NODE_LINE, see node-line.ts): the whole matrix, or with PILOT_MATRIX=sample one combination
// per use case (covering every connector and auth), which is what CI runs on the non-default lines.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { type NodeLine, nodeLineEnv } from './node-line.js';

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

/**
 * One combination per use case, the connectors and auths taken in turn from the defaults: every layer
 * runs at least once (5 use cases cover 4 connectors and 3 auths). The first is the default
 * combination, which runs its whole suite; the others run the tests of their combination.
 */
export function sampleCombos(combos: Array<Omit<Combo, 'dir' | 'name'>>): Array<Omit<Combo, 'dir' | 'name'>> {
  const distinct = (key: 'useCase' | 'connector' | 'auth') => [...new Set(combos.map((combo) => combo[key]))];
  const [useCases, connectors, auths] = [distinct('useCase'), distinct('connector'), distinct('auth')];
  const picked = useCases.map((useCase, index) => {
    const connector = connectors[index % connectors.length];
    const auth = auths[(auths.indexOf('api-key') + index) % auths.length];
    const combo = combos.find((c) => c.useCase === useCase && c.connector === connector && c.auth === auth);
    if (!combo) throw new Error(`the matrix has no ${useCase} × ${connector} × ${auth} combination`);
    return combo;
  });
  const missed = [...connectors, ...auths].filter((id) => !picked.some((c) => c.connector === id || c.auth === id));
  if (missed.length > 0) throw new Error(`the sample leaves out ${missed.join(', ')}: add a combination`);
  return picked;
}

export function matrixScope(value = process.env.PILOT_MATRIX): 'full' | 'sample' {
  if (value === undefined || value === '' || value === 'full') return 'full';
  if (value === 'sample') return 'sample';
  throw new Error(`PILOT_MATRIX=${value} is not a matrix scope; use full (every combination) or sample (one per use case)`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { cliBin, nodeLine } = project.getProvidedContext();
  const root = join(tmpdir(), `pilot-slice-matrix-${process.pid}`);
  await mkdir(root, { recursive: true });
  const env = nodeLineEnv(nodeLine);
  const listed = JSON.parse((await execa(cliBin, ['list', '--json'], { env, extendEnv: false })).stdout) as Listed;

  const matrix: Combo[] = [];
  const dependencies: Record<string, string> = {};
  const all = combosOf(listed);
  for (const combo of matrixScope() === 'sample' ? sampleCombos(all) : all) {
    const name = `${combo.useCase}-${combo.connector}-${combo.auth}`;
    const args = [name, '--use-case', combo.useCase, '--connector', combo.connector, '--auth', combo.auth, '--owner', '@acme/matrix', '--no-install', '--no-git'];
    await execa(cliBin, args, { cwd: root, env, extendEnv: false });
    const pkg = JSON.parse(await readFile(join(root, name, 'package.json'), 'utf8'));
    for (const deps of [pkg.dependencies, pkg.devDependencies]) Object.assign(dependencies, deps);
    matrix.push({ ...combo, name, dir: join(root, name) });
  }

  project.provide('matrix', matrix);
  project.provide('sharedNodeModules', await installShared(dependencies, nodeLine));
  return () => rm(root, { recursive: true, force: true });
}

/**
 * Installs the dependencies once per distinct set and Node line (native addons are per ABI), kept
 * between runs under the temp folder; the npm cache (~/.npm) is shared by all of them.
 */
async function installShared(dependencies: Record<string, string>, nodeLine: NodeLine): Promise<string> {
  const env = nodeLineEnv(nodeLine);
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const key = createHash('sha256')
    .update(JSON.stringify({ sorted, node: nodeLine.version, platform: process.platform }))
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

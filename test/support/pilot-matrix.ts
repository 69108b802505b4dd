// Scaffolds every layer combination the matrix covers with the packed CLI (no install), then installs
// the union of their dependencies ONCE into a shared node_modules, per Node line: one install serves
// the whole matrix, and each pilot links to it. Everything runs on the chosen Node line
// (PILOT_NODE_LINE, see node-line.ts): the whole matrix, or with PILOT_MATRIX=sample one combination
// per connector (each with a different auth), which is what CI runs on the non-default lines.
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
  const available = (kind: string) =>
    listed.kinds
      .find((k) => k.kind === kind)
      ?.layers.filter((l) => l.available)
      .map((l) => l.id) ?? [];
  const combos = [];
  for (const connector of available('connector')) for (const auth of available('auth')) combos.push({ useCase: 'classify', connector, auth });
  for (const useCase of available('use-case').filter((id) => id !== 'classify')) combos.push({ useCase, connector: 'sqlite', auth: 'api-key' });
  return combos;
}

/** One combination per connector, the auths taken in turn, the default one first: every layer runs at least once. */
export function sampleCombos(combos: Array<Omit<Combo, 'dir' | 'name'>>): Array<Omit<Combo, 'dir' | 'name'>> {
  const connectors = [...new Set(combos.map((combo) => combo.connector))];
  const auths = [...new Set(combos.map((combo) => combo.auth))];
  return connectors.map((connector, index) => {
    const auth = auths[(auths.indexOf('api-key') + index) % auths.length];
    return combos.find((combo) => combo.connector === connector && combo.auth === auth && combo.useCase === 'classify') ?? combos.find((combo) => combo.connector === connector)!;
  });
}

export function matrixScope(value = process.env.PILOT_MATRIX): 'full' | 'sample' {
  if (value === undefined || value === '' || value === 'full') return 'full';
  if (value === 'sample') return 'sample';
  throw new Error(`PILOT_MATRIX=${value} is not a matrix scope; use full (every combination) or sample (one per connector)`);
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

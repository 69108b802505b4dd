// Packs the CLI exactly as it would be published and installs the tarball into an empty folder,
// so every e2e test runs the bin a user would get, not the workspace source.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';

const cliPackage = fileURLToPath(new URL('../../packages/create-pilot-slice', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    cliBin: string;
    tarball: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'pilot-slice-e2e-'));
  const { stdout } = await execa('npm', ['pack', '--json', '--pack-destination', root], { cwd: cliPackage });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!packed) throw new Error('npm pack produced no tarball');
  const tarball = join(root, packed.filename);

  const user = join(root, 'user');
  await execa('mkdir', ['-p', user]);
  await writeFile(join(user, 'package.json'), '{ "name": "user", "private": true }\n');
  await execa('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: user });

  project.provide('cliBin', join(user, 'node_modules/.bin/create-pilot-slice'));
  project.provide('tarball', tarball);
  return () => rm(root, { recursive: true, force: true });
}

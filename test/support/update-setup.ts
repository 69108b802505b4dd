// Global setup of the `update` project: the fixture CLIs of every version, built once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { VERSIONS, buildFixtureCli } from './update-fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureClis: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'pilot-slice-update-clis-'));
  const clis: Record<string, string> = {};
  for (const version of VERSIONS) clis[version] = await buildFixtureCli(root, version);
  project.provide('fixtureClis', clis);
  return () => rm(root, { recursive: true, force: true });
}

// Other versions of the CLI, built from a template folder, for the tests and the bench of `update`.
// Plain Node (no vitest), so scripts/bench can use it too.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const fixtureManifest = (fields: Record<string, unknown>): string => `${JSON.stringify({ version: '1.0.0', description: 'a fixture layer', ...fields }, null, 2)}\n`;

/** The one-file use-case, connector and auth layers a catalog needs beside the base under test. */
export async function writeStubOverlays(templatesDir: string): Promise<void> {
  for (const [folder, id, kind] of [
    ['use-cases', 'classify', 'use-case'],
    ['connectors', 'sqlite', 'connector'],
    ['auth', 'api-key', 'auth'],
  ] as const) {
    await mkdir(join(templatesDir, folder, id, 'files'), { recursive: true });
    await writeFile(join(templatesDir, folder, id, 'layer.json'), fixtureManifest({ id, kind }));
    await writeFile(join(templatesDir, folder, id, 'files', `${kind}.txt`), `${id}\n`);
  }
}

/** Builds the CLI at `version` from `templatesDir` into `outdir` (build.mjs --templates --version --outdir) and returns its bin. */
export async function buildCliVersion(templatesDir: string, version: string, outdir: string): Promise<string> {
  await run(process.execPath, [join(repo, 'packages/create-pilot-slice/build.mjs'), '--templates', templatesDir, '--version', version, '--outdir', outdir], { cwd: repo });
  return join(outdir, 'bin/create-pilot-slice.cjs');
}

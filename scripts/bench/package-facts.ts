// Facts about the package as npm would publish it: the tarball `npm pack` would build (from
// the built dist/ and copied templates/, so build first) and the dependencies it declares.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface TarballSize {
  packedBytes: number;
  unpackedBytes: number;
  files: number;
}

export async function tarballSize(packageDir: string): Promise<TarballSize> {
  // --ignore-scripts: measure what is already built; packing must not rebuild or run hooks.
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: packageDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [entry] = JSON.parse(stdout) as { size: number; unpackedSize: number; entryCount: number }[];
  if (!entry || typeof entry.size !== 'number') throw new Error(`npm pack --dry-run --json gave no size:\n${stdout.slice(0, 500)}`);
  return { packedBytes: entry.size, unpackedBytes: entry.unpackedSize, files: entry.entryCount };
}

/** The names a user's install would pull in beside the package itself. */
export async function runtimeDependencies(packageDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  return ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}).map((name) => `${name} (${field})`),
  );
}

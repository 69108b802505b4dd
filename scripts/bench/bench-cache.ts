// Installs kept between bench runs under <repo>/.bench/ (git-ignored): the pilot's node_modules
// (better-sqlite3 compiles from source, about a minute) and promptfoo (hundreds of packages).
// Neither is a dependency of the repo, so `npm ci` never installs them; the bench does, once.
// Each install goes into a scratch folder first and is renamed into place only when it
// succeeded, so an interrupted install is never mistaken for a finished one.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BENCH_CACHE = fileURLToPath(new URL('../../.bench/', import.meta.url));

export interface InstallRecord {
  /** What was asked for, e.g. promptfoo@0.121, or the pilot's dependency hash. */
  spec: string;
  installedAt: string;
  seconds: number;
  bytes: number;
  packages: number;
}

const RECORD = 'bench-install.json';

/** Disk use of a tree, counting each file once (npm installs no hard links, so this is du -sb). */
async function treeBytes(dir: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        bytes += (await stat(full)).size;
        // A package is a folder holding package.json directly under a node_modules (or @scope) folder.
        if (entry.name === 'package.json' && /node_modules\/(@[^/]+\/)?[^/@]+$/.test(path)) packages += 1;
      }
    }
  };
  await walk(dir);
  return { bytes, packages };
}

/**
 * `<cache>/<name>/` holding an npm project whose node_modules has `manifest`'s dependencies; returns
 * the folder and how its install went (from the record written when it was installed).
 */
export async function cachedInstall(name: string, manifest: object, npmArgs: readonly string[], spec: string): Promise<{ dir: string; record: InstallRecord; fresh: boolean }> {
  const dir = join(BENCH_CACHE, name);
  if (existsSync(join(dir, RECORD))) {
    return { dir, record: JSON.parse(await readFile(join(dir, RECORD), 'utf8')) as InstallRecord, fresh: false };
  }
  const scratch = `${dir}.partial-${process.pid}`;
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  // A package.json of its own, so npm installs here and never walks up into the repo's workspaces.
  await writeFile(join(scratch, 'package.json'), `${JSON.stringify({ name: `bench-${name.replace(/[^a-z0-9-]/g, '-')}`, private: true, ...manifest }, null, 2)}\n`);
  const started = performance.now();
  try {
    await promisify(execFile)('npm', ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--loglevel=error', ...npmArgs], {
      cwd: scratch,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    // npm's first few `npm error` lines say what went wrong (code, then the cause); the rest is a log path.
    const e = error as { stderr?: string; message: string };
    const lines = (e.stderr || e.message).split('\n').filter((line) => /^npm (error|ERR!)/.test(line));
    throw new Error(`npm install ${npmArgs.join(' ')} failed: ${(lines.slice(0, 4).join(' | ') || e.message).slice(0, 300)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const record: InstallRecord = { spec, installedAt: new Date().toISOString(), seconds, ...(await treeBytes(join(scratch, 'node_modules'))) };
  await writeFile(join(scratch, RECORD), `${JSON.stringify(record, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(BENCH_CACHE, { recursive: true });
  await rename(scratch, dir);
  return { dir, record, fresh: true };
}

// Drives fixture CLIs as a user would: scaffold with one version, edit and commit, update with another.
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, inject } from 'vitest';
import { userEnv } from './env.js';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pilot-slice-update-'));
  made.push(dir);
  return dir;
}

export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** No registry is reachable (a closed loopback port), and the template cache is the one given. */
export async function cli(version: string, args: string[], cwd: string, cacheDir: string, env: Record<string, string> = {}): Promise<Run> {
  const bin = inject('fixtureClis')[version];
  if (!bin) throw new Error(`no fixture CLI ${version}`);
  const result = await execa(process.execPath, [bin, ...args], {
    cwd,
    env: userEnv({ PILOT_SLICE_CACHE_DIR: cacheDir, npm_config_registry: 'http://127.0.0.1:9/', ...env }),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export async function git(cwd: string, args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: userEnv() })).stdout;
}

export async function read(dir: string, path: string): Promise<string> {
  return readFile(join(dir, path), 'utf8');
}

export async function put(dir: string, path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content);
}

export async function exists(dir: string, path: string): Promise<boolean> {
  return stat(join(dir, path)).then(
    () => true,
    () => false,
  );
}

export async function isExecutable(dir: string, path: string): Promise<boolean> {
  return ((await stat(join(dir, path))).mode & 0o111) !== 0;
}

/** Replaces line `n` (1-based) of a file, keeping its line endings. */
export async function editLine(dir: string, path: string, n: number, text: string): Promise<void> {
  const content = await read(dir, path);
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const lines = content.split(eol);
  lines[n - 1] = text;
  await writeFile(join(dir, path), lines.join(eol));
}

/** Scaffolds `name` in `parent` with a fixture CLI (git init and a first commit, no install). */
export async function scaffold(version: string, parent: string, cacheDir: string, extra: string[] = []): Promise<string> {
  await mkdir(parent, { recursive: true });
  const result = await cli(
    version,
    ['pilot', '--owner', '@acme/team', '--oncall', '@acme/day-shift', '--description', 'An update fixture', '--no-install', ...extra],
    parent,
    cacheDir,
  );
  if (result.exitCode !== 0) throw new Error(`scaffold with ${version} failed: ${result.stderr}`);
  return join(parent, 'pilot');
}

/** A scratch folder with its own template cache and a pilot scaffolded there by fixture `version`. */
export async function freshPilot(version = '1.0.0'): Promise<{ root: string; cache: string; pilot: string }> {
  const root = await scratch();
  const cache = join(root, 'cache');
  return { root, cache, pilot: await scaffold(version, root, cache) };
}

export async function commitAll(dir: string, message: string): Promise<void> {
  await git(dir, ['add', '--all']);
  await git(dir, ['commit', '--quiet', '--no-verify', '-m', message]);
}

/** Every file under a folder but .git, with its content: for comparing two trees. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full);
    if (!entry.isFile() || path.startsWith('.git/')) continue;
    files[path] = `${((await stat(full)).mode & 0o111) !== 0 ? '+x ' : ''}${(await readFile(full)).toString('base64')}`;
  }
  return files;
}

export { chmod };

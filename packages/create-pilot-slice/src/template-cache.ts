import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { Generator } from '@pilot-slice/core';
import { TEMPLATE_PACK } from './templates.js';

/**
 * Every version's templates, kept on this machine, so `update` can render the version a pilot was
 * made with without a download. Filled each time this CLI renders (create or update).
 * PILOT_SLICE_CACHE_DIR overrides where it lives; otherwise the platform's user cache folder.
 */
export function templateCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.PILOT_SLICE_CACHE_DIR) return env.PILOT_SLICE_CACHE_DIR;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'pilot-slice', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'pilot-slice');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pilot-slice');
}

export function cachedPackPath(env: NodeJS.ProcessEnv, generator: Generator): string {
  return join(templateCacheDir(env), 'templates', `${generator.name}@${generator.version}.pack`);
}

export function readCachedPack(env: NodeJS.ProcessEnv, generator: Generator): Buffer | undefined {
  try {
    return readFileSync(cachedPackPath(env, generator));
  } catch {
    return undefined;
  }
}

/**
 * Copies this CLI's own pack into the cache (once per version, atomically). A cache that cannot
 * be written is not an error: update then falls back to the registry and git history.
 */
export function fillTemplateCache(env: NodeJS.ProcessEnv, generator: Generator, ownPack: string): void {
  if (basename(ownPack) !== TEMPLATE_PACK) return; // a folder of layers (template work) is not a release
  const target = cachedPackPath(env, generator);
  try {
    if (statSync(target).size === statSync(ownPack).size) return;
  } catch {
    // not cached yet
  }
  const temp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(ownPack, temp);
    renameSync(temp, target);
  } catch {
    rmSync(temp, { force: true });
  }
}

import picomatch from 'picomatch';
import type { Layer } from './load-layer.js';
import type { FilePolicy } from './manifest.js';

/**
 * Who owns each output path, from the layers' `ownership` globs. When layers disagree the safer
 * policy wins: structured (merged key by key) over seed (never touched) over managed, so that a
 * file two layers add to, such as package.json, is never overwritten whole.
 */
export function ownershipOf(layers: readonly Layer[]): (path: string) => FilePolicy {
  const globs = (policy: 'seed' | 'structured') => layers.flatMap((layer) => layer.manifest.ownership[policy]);
  const structured = matcher(globs('structured'));
  const seed = matcher(globs('seed'));
  return (path) => (structured(path) ? 'structured' : seed(path) ? 'seed' : 'managed');
}

function matcher(globs: string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

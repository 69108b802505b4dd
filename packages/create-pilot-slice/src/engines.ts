import type { Plan } from '@pilot-slice/core';
import semver from 'semver';

/** The Node range the rendered pilot declares in package.json `engines.node`, if it declares a valid one. */
export function pilotNodeRange(plan: Plan): string | undefined {
  const manifest = plan.changes.find((change) => change.path === 'package.json')?.content;
  if (!manifest) return undefined;
  let range: unknown;
  try {
    range = (JSON.parse(manifest.toString('utf8')) as { engines?: { node?: unknown } }).engines?.node;
  } catch {
    return undefined;
  }
  return typeof range === 'string' && semver.validRange(range) ? range : undefined;
}

/**
 * Whether this Node can install and run the pilot. The generator runs on an older Node than the
 * pilots it writes (like create-vite), so it still scaffolds; it only skips an install that would fail.
 */
export function nodeSatisfies(range: string, version: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}

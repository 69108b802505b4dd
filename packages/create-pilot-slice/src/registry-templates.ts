import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Generator } from '@pilot-slice/core';
import { execa } from 'execa';

/**
 * The templates of a published version, from the npm registry the user's npm is configured for:
 * `npm pack name@version`, then the pack read out of the tarball. npm is used whatever manager made
 * the pilot, since it can fetch a package without installing it; returns the reason on failure.
 */
export async function fetchRegistryPack(generator: Generator, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<{ pack: Buffer } | { reason: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-slice-registry-'));
  try {
    const spec = `${generator.name}@${generator.version}`;
    // Few, short retries: an unreachable registry should cost seconds, not the minute npm's defaults wait.
    const retries = ['--fetch-retries=1', '--fetch-retry-mintimeout=500', '--fetch-retry-maxtimeout=2000'];
    const packed = await execa('npm', ['pack', spec, '--silent', '--pack-destination', dir, ...retries], { cwd: dir, env, reject: false, cancelSignal: signal, timeout: 120_000 });
    if (packed.failed) return { reason: `npm pack ${spec} failed (${firstLine(packed.stderr) || `exit ${packed.exitCode}`})` };
    const tarball = join(dir, packed.stdout.trim().split('\n').at(-1) ?? '');
    const extracted = await execa('tar', ['-xzf', tarball, '-C', dir, 'package/dist/templates.pack'], { reject: false, cancelSignal: signal });
    if (extracted.failed) return { reason: `${spec} has no dist/templates.pack (${firstLine(extracted.stderr)})` };
    return { pack: readFileSync(join(dir, 'package', 'dist', 'templates.pack')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? ''
  );
}

// The bin as npm links it. `npm ci` at the repo root links workspace bins from package-lock.json,
// not from package.json, so a bin renamed in one and not the other leaves `npx create-pilot-slice`
// (the README's first command) with nothing to run, while every test of the packed tarball passes.
import { accessSync, constants, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('package bin', () => {
  const { bin } = read('../package.json') as { bin: Record<string, string> };

  it('is the same in package.json and the root lockfile', () => {
    const lock = read('../../../package-lock.json') as { packages: Record<string, { bin?: Record<string, string> }> };
    expect(lock.packages['packages/create-pilot-slice']?.bin).toEqual(bin);
  });

  it('names an executable file', () => {
    for (const file of Object.values(bin)) expect(() => accessSync(new URL(`../${file}`, import.meta.url), constants.X_OK)).not.toThrow();
  });
});

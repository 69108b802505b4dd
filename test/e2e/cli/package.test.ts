// The tarball as npm would publish it: what a user installs, read back file by file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { workDir } from '../../support/run-cli.js';

const cliPackage = fileURLToPath(new URL('../../../packages/create-pilot-slice', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Collapse whitespace, so a licence compares equal however it was wrapped or indented. */
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

let unpacked: string;
beforeAll(async () => {
  const dir = await workDir('file');
  await execa('tar', ['-xzf', inject('tarball'), '-C', dir]);
  unpacked = join(dir, 'package');
});

/**
 * The package folders esbuild bundled, from the inputs of its metafile (kept in .build/ by build.mjs):
 * every `node_modules/<name>/` or `node_modules/@scope/<name>/` an input sits in.
 */
function bundledPackages(): Array<{ name: string; dir: string }> {
  const { relativeTo, inputs } = JSON.parse(readFileSync(join(cliPackage, '.build/bundled-inputs.json'), 'utf8')) as { relativeTo: string; inputs: string[] };
  const dirs = new Set(inputs.flatMap((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));
  return [...dirs].map((dir) => {
    const absolute = join(relativeTo, dir);
    return { name: JSON.parse(readFileSync(join(absolute, 'package.json'), 'utf8')).name as string, dir: absolute };
  });
}

describe('the published package', () => {
  it('has a README that shows the npm create command', () => {
    const readme = readFileSync(join(unpacked, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# create-pilot-slice$/m);
    expect(readme).toContain('npm create pilot-slice@latest my-pilot -- --owner @acme/support-ai');
  });

  it('names its repository, issue tracker and home page', () => {
    const pkg = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(pkg.repository).toMatchObject({
      type: 'git',
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/),
      directory: 'packages/create-pilot-slice',
    });
    expect(pkg.bugs.url).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/issues$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
  });

  it('starts its LICENSE with the repository’s MIT licence', () => {
    const own = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
    expect(own).toMatch(/^MIT License\n/);
    expect(readFileSync(join(unpacked, 'LICENSE'), 'utf8').startsWith(own.trim())).toBe(true);
  });

  it('ships the licence text of every package bundled into dist/', () => {
    const license = flat(readFileSync(join(unpacked, 'LICENSE'), 'utf8'));
    const bundled = bundledPackages();
    // The ones the issue names, so an empty metafile cannot pass.
    expect(bundled.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['execa', '@clack/prompts', 'zod', 'handlebars', 'node-plop', 'picocolors']));
    for (const pkg of bundled) {
      const file = readdirSync(pkg.dir).find((entry) => /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i.test(entry));
      expect(license, pkg.name).toContain(`## ${pkg.name}@`);
      if (file) expect(license, `${pkg.name}'s ${file}`).toContain(flat(readFileSync(join(pkg.dir, file), 'utf8')));
      else expect(license, pkg.name).toContain(`${pkg.name} ships no licence file; its package.json declares`);
    }
  });

  it('holds only what a user runs and reads', () => {
    const top = readdirSync(unpacked).sort();
    expect(top).toEqual(['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    expect(existsSync(join(unpacked, 'dist/templates.pack'))).toBe(true);
  });
});

// The LICENSE of the published package: ours, then the licence of every package esbuild bundled into
// dist/, as create-vite ships it. The bundled set comes from esbuild's metafile (what was bundled, not
// what package.json says), so a dependency added to a bundle cannot ship without its licence.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;

/** The package folders behind a metafile's inputs: `…/node_modules/(@scope/)?name/…` → that folder. */
export function bundledPackageDirs(metafiles, cwd) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) dirs.add(join(cwd, match[1]));
    }
  }
  return [...dirs];
}

/** Name, version, licence and its full text for one package folder. */
export function describePackage(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((entry) => LICENSE_FILE.test(entry));
  const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license ?? 'UNKNOWN',
    author,
    repository: repository?.replace(/^git\+/, '').replace(/\.git$/, ''),
    text: file ? readFileSync(join(dir, file), 'utf8').trim() : undefined,
  };
}

/** Our licence, then one section per bundled package, sorted by name. */
export function composeLicense(ownLicense, packages) {
  const sorted = [...packages].sort((a, b) => a.name.localeCompare(b.name));
  const kinds = [...new Set(sorted.map((pkg) => pkg.license))].sort();
  const sections = sorted.map((pkg) =>
    [
      `## ${pkg.name}@${pkg.version}`,
      '',
      `License: ${pkg.license}`,
      ...(pkg.author ? [`By: ${pkg.author}`] : []),
      ...(pkg.repository ? [`Repository: ${pkg.repository}`] : []),
      '',
      pkg.text ?? `(${pkg.name} ships no licence file; its package.json declares ${pkg.license}.)`,
    ].join('\n'),
  );
  return [
    ownLicense.trim(),
    '',
    '# Licenses of bundled dependencies',
    '',
    `The published create-pilot-slice bundles code from the packages below, under these licences: ${kinds.join(', ')}.`,
    '',
    sections.join('\n\n---------------------------------------\n\n'),
    '',
  ].join('\n');
}

export function readOwnLicense(path) {
  if (!existsSync(path)) throw new Error(`${path} is missing: the repository's own licence goes first in the package's LICENSE`);
  return readFileSync(path, 'utf8');
}

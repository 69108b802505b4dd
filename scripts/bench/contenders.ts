// The two scaffolders under test, each with the invocation that writes a project and does
// nothing else (no prompt, no install, no git), and a check that it really wrote one.
// Both CLIs can exit 0 without doing the work, so the exit code alone proves nothing.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Contender {
  name: string;
  script: string;
  args: (dir: string) => string[];
  /** Throws unless `dir` now holds what this scaffolder was asked to write. */
  verify: (dir: string, output: string) => void;
}

export const PILOT_SLICE: Contender = {
  name: 'create-pilot-slice',
  script: join(repoRoot, 'packages/create-pilot-slice/bin/create-pilot-slice.cjs'),
  args: (dir) => [dir, '--owner', '@acme/bench', '--yes', '--no-install', '--no-git'],
  verify: (dir) => {
    // .pilot-slice.json is written last (core's PROVENANCE_FILE), so it proves the scaffold finished.
    for (const file of ['package.json', '.pilot-slice.json']) {
      if (!existsSync(join(dir, file))) throw new Error(`create-pilot-slice wrote no ${file} in ${dir}`);
    }
  },
};

// create-vite 9.3.0 (dist/index.js): --no-interactive skips every prompt (it is also the default
// when stdin is not a TTY), --no-immediate skips "install and start now", --template picks the
// template. On cancel ("target not empty") it prints "Operation cancelled" and exits 0, and in
// non-interactive mode an unknown template silently becomes vanilla-ts, hence the checks below.
export const CREATE_VITE: Contender = {
  name: 'create-vite react-ts',
  script: join(dirname(require.resolve('create-vite/package.json')), 'index.js'),
  args: (dir) => [dir, '--template', 'react-ts', '--no-interactive', '--no-immediate'],
  verify: (dir, output) => {
    if (/Operation cancelled/.test(output)) throw new Error(`create-vite cancelled:\n${output}`);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) throw new Error(`create-vite wrote no package.json in ${dir}:\n${output}`);
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    if (!('react' in dependencies) || !existsSync(join(dir, 'tsconfig.app.json'))) {
      throw new Error(`create-vite did not write the react-ts template in ${dir}`);
    }
  },
};

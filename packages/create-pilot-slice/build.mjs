// Bundles the CLI and its dependencies and packs the templates beside it, so the published
// package has zero runtime dependencies, as create-vite does.
//
// The bundles are CommonJS, one file per part, each loaded only when a run needs it:
//   index.cjs      the shell: flags, output, the create steps
//   core.cjs       @pilot-slice/core with zod, Handlebars' runtime and node-plop's helpers
//   prompts.cjs    @clack/prompts (only with a TTY and without --yes)
//   install.cjs    the install step and its spinner (unless --no-install)
//   git.cjs        git init and the first commit (unless --no-git)
//   engines.cjs    the pilot's Node range against this Node, with semver (only before an install)
//   execa.cjs      execa, for those two
//   node-plop.cjs  node-plop and the Handlebars compiler (only for a template with no precompiled spec)
//   yaml.cjs, node-diff3.cjs   the update's merge libraries (only for update)
// Why CommonJS: on Node 20 an ES module entry costs ~5 ms more to start than a CommonJS one, and
// each further ES module another async load; a scaffold is ~60 ms, so that is a tenth of it.
// Why separate files: a bundle is parsed whole, and a non-interactive scaffold needs none of
// clack, execa or the Handlebars compiler. The parts share one core.cjs (one PilotSliceError);
// the shell's small helpers (io, package-manager) are copied into the parts that use them.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { loadCatalog, packCatalog, precompileTemplate } from '@pilot-slice/core';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { bundledPackageDirs, composeLicense, describePackage, readOwnLicense } from './build/licenses.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const packageDir = here('.').replace(/\/$/, '');

// `node build.mjs` builds the package. Tests of `update` build other versions of the CLI from
// fixture layers: `node build.mjs --templates <dir> --version <v> --outdir <dir>` (dist/ and bin/).
const { values: flags } = parseArgs({ options: { templates: { type: 'string' }, version: { type: 'string' }, outdir: { type: 'string' } } });
const outdir = flags.outdir ? resolve(flags.outdir, 'dist') : here('./dist');

/** Imports that stay imports: another part of the bundle, required from beside it in dist/. */
const PARTS = {
  '@pilot-slice/core': './core.cjs',
  'node-plop': './node-plop.cjs',
  execa: './execa.cjs',
  yaml: './yaml.cjs',
  'node-diff3': './node-diff3.cjs',
  './prompts.js': './prompts.cjs',
  './install.js': './install.cjs',
  './git.js': './git.cjs',
  './engines.js': './engines.cjs',
};

function partsExcept(self) {
  return {
    name: 'bundle-parts',
    setup(builder) {
      const filter = new RegExp(
        `^(${Object.keys(PARTS)
          .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
          .join('|')})$`,
      );
      builder.onResolve({ filter }, (args) => (args.path === self ? undefined : { path: PARTS[args.path], external: true }));
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  minify: true,
  // The licences go whole into LICENSE (below), from the metafile's list of bundled packages.
  legalComments: 'none',
  metafile: true,
  absWorkingDir: packageDir,
  outdir,
  outExtension: { '.js': '.cjs' },
  // ES modules in the bundle (node-plop, our entry) read import.meta.url; CommonJS has __filename.
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [here('./build/import-meta-url.js')],
  ...(flags.version ? { define: { 'import.meta.url': 'importMetaUrl', PILOT_SLICE_VERSION: JSON.stringify(flags.version) } } : {}),
  // Modules node-plop and Handlebars import but we never reach: see src/bundle-stubs.ts.
  alias: Object.fromEntries(['inquirer', 'resolve', 'tinyglobby', 'isbinaryfile', 'source-map'].map((name) => [name, here('./src/bundle-stubs.ts')])),
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
const results = await Promise.all([
  build({
    ...common,
    entryPoints: {
      index: here('./src/index.ts'),
      prompts: here('./src/prompts.ts'),
      install: here('./src/install.ts'),
      git: here('./src/git.ts'),
      engines: here('./src/engines.ts'),
    },
    plugins: [partsExcept(null)],
  }),
  build({ ...common, entryPoints: { core: '@pilot-slice/core' }, plugins: [partsExcept('@pilot-slice/core')] }),
  build({ ...common, entryPoints: { 'node-plop': 'node-plop' }, plugins: [partsExcept('node-plop')] }),
  build({ ...common, entryPoints: { execa: 'execa' }, plugins: [partsExcept('execa')] }),
  build({ ...common, entryPoints: { yaml: 'yaml' }, plugins: [partsExcept('yaml')] }),
  build({ ...common, entryPoints: { 'node-diff3': 'node-diff3' }, plugins: [partsExcept('node-diff3')] }),
]);

// LICENSE: ours, then every bundled package's. The metafile inputs stay in .build/ (not published)
// for the test that checks the packed tarball against them. Only for the package itself, not for
// the fixture builds written to --outdir.
if (!flags.outdir) {
  const metafiles = results.map((result) => result.metafile);
  const bundled = bundledPackageDirs(metafiles, packageDir).map(describePackage);
  await writeFile(here('./LICENSE'), composeLicense(readOwnLicense(here('../../LICENSE')), bundled));
  await mkdir(here('./.build'), { recursive: true });
  await writeFile(
    here('./.build/bundled-inputs.json'),
    `${JSON.stringify({ relativeTo: packageDir, inputs: [...new Set(metafiles.flatMap((m) => Object.keys(m.inputs)))].sort() }, null, 2)}\n`,
  );
}

// Every layer in one file, manifests validated on the way in (a bad one fails the build), each `.hbs`
// precompiled: compiling Handlebars cold costs more than the rest of a scaffold.
await writeFile(resolve(outdir, 'templates.pack'), await packCatalog(await loadCatalog(flags.templates ? resolve(flags.templates) : here('../../templates')), precompileTemplate));
if (flags.outdir) {
  await mkdir(resolve(flags.outdir, 'bin'), { recursive: true });
  await copyFile(here('./bin/create-pilot-slice.cjs'), resolve(flags.outdir, 'bin/create-pilot-slice.cjs'));
}

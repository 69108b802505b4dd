// Bundles the CLI and its dependencies and packs the templates beside it, so the published
// package has zero runtime dependencies, as create-vite does.
import { rm, writeFile } from 'node:fs/promises';
import { loadCatalog, packCatalog, precompileTemplate } from '@pilot-slice/core';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await rm(here('./dist'), { recursive: true, force: true });

await build({
  entryPoints: [here('./src/index.ts')],
  outdir: here('./dist'),
  outExtension: { '.js': '.mjs' },
  // Prompts, install and git load on demand (dynamic imports), so a non-interactive scaffold parses less.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  minify: true,
  legalComments: 'linked',
  // Modules node-plop and Handlebars import but we never reach: see src/bundle-stubs.ts.
  alias: Object.fromEntries(['inquirer', 'resolve', 'tinyglobby', 'isbinaryfile', 'source-map'].map((name) => [name, here('./src/bundle-stubs.ts')])),
  // Handlebars is CommonJS and requires Node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// Every layer in one file, manifests validated on the way in (a bad one fails the build), each `.hbs`
// precompiled: compiling Handlebars cold costs more than the rest of a scaffold.
await writeFile(here('./dist/templates.pack'), await packCatalog(await loadCatalog(here('../../templates')), precompileTemplate));

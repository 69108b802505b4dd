// Bundles the CLI and its dependencies into one file and copies the templates in, so the
// published package has zero runtime dependencies, as create-vite does.
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await rm(here('./dist'), { recursive: true, force: true });
await rm(here('./templates'), { recursive: true, force: true });
await cp(here('../../templates'), here('./templates'), { recursive: true });

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
  // The bin is the entry itself (one module load fewer at start-up); npm links bins before the root
  // prepare script builds, so the build marks it executable for `npx create-pilot-slice` in the repo.
  logLevel: 'warning',
});

const entry = here('./dist/index.mjs');
await writeFile(entry, `#!/usr/bin/env node\n${await readFile(entry, 'utf8')}`);
await chmod(entry, 0o755);

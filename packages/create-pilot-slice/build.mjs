// Bundles the CLI and its dependencies into one file and copies the templates in, so the
// published package has zero runtime dependencies, as create-vite does.
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { precompileTemplate } from '@pilot-slice/core';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await rm(here('./dist'), { recursive: true, force: true });
await rm(here('./templates'), { recursive: true, force: true });
await cp(here('../../templates'), here('./templates'), { recursive: true });
await writePrecompiledTemplates(here('./templates'));

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

/** Compiling Handlebars cold costs more than the rest of a scaffold, so shipped templates are compiled here, once. */
async function writePrecompiledTemplates(dir) {
  const precompiled = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const source = await readFile(join(entry.parentPath, entry.name), 'utf8');
    precompiled[createHash('sha256').update(source).digest('hex')] = await precompileTemplate(source);
  }
  await writeFile(join(dir, '.precompiled.json'), JSON.stringify(precompiled));
}

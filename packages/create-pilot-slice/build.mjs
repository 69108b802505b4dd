// Bundles the CLI and its dependencies into one file and copies the templates in, so the
// published package has zero runtime dependencies, as create-vite does.
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

await rm(here('./dist'), { recursive: true, force: true });
await rm(here('./templates'), { recursive: true, force: true });
await cp(here('../../templates'), here('./templates'), { recursive: true });

await build({
  entryPoints: [here('./src/index.ts')],
  outfile: here('./dist/index.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  minify: true,
  legalComments: 'linked',
  // node-plop imports inquirer for its own prompts, which we never use: keep 300 kB of it out.
  alias: { inquirer: here('./src/no-inquirer.ts') },
  // Handlebars is CommonJS and requires Node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

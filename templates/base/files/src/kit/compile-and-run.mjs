/**
 * How `npm run eval` and `npm run readiness` start: compile the team's current src/ to .pilot-run/
 * with esbuild, then run the compiled entry in this same process.
 *
 *   node src/kit/compile-and-run.mjs kit/evals/run.ts [args...]   (the entry is relative to src/)
 *
 * Why not tsx: its loader costs about 0.5 s of CPU at every start, a third of a 50-case eval's whole
 * run against a 100 ms model. esbuild (what tsx runs underneath, so the same JavaScript) compiles all of src/ in
 * a few tens of milliseconds, so every run compiles the tree as it is now and never runs a stale
 * build. Like tsx it only strips types: `npm run typecheck` checks them.
 *
 * One file per source file, at the same depth as in src/ (src/kit/x.ts -> .pilot-run/kit/x.js), so a
 * path computed from import.meta.url resolves as it does from src/ and dist/. A file is rewritten only
 * when its compiled text changed, by rename, so two runs at once never read a half-written file; a
 * compiled file whose source is gone is removed, so nothing can import it.
 * This file is plain JavaScript because it runs before anything is compiled.
 *
 * It first checks the running Node against package.json's engines.node: on an older Node the pilot
 * would die somewhere inside with a stack trace (Node 20 has no enableCompileCache), so it says in one
 * line which Node the pilot needs and exits 1. Hence only imports every Node has, and node:module as a
 * namespace: a named import of an export this Node lacks fails before any line here runs.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EXIT_WRONG_NODE = 1;

/**
 * Whether `version` (22.12.0) is in `range` as package.json's engines.node writes it: alternatives
 * joined by ||, each of comparators such as ^22.12.0, >=26.0.0 or 24.1.0. A form this does not read
 * passes: npm's own engines check is the authority, this only spares a stack trace.
 */
function nodeSatisfies(version, range) {
  const number = (major, minor = 0, patch = 0) => Number(major) * 1e6 + Number(minor) * 1e3 + Number(patch);
  const [major, minor, patch] = version.split('.');
  const current = number(major, minor, patch);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const parts = /^(\^|~|>=|>|<=|<|=)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(comparator);
        if (!parts) return true;
        const wanted = number(parts[2], parts[3], parts[4]);
        if (parts[1] === '^') return current >= wanted && Number(major) === Number(parts[2]);
        if (parts[1] === '~') return current >= wanted && current < number(parts[2], Number(parts[3] ?? 0) + 1);
        if (parts[1] === '>=') return current >= wanted;
        if (parts[1] === '>') return current > wanted;
        if (parts[1] === '<=') return current <= wanted;
        if (parts[1] === '<') return current < wanted;
        return current === wanted;
      }),
  );
}

/** The pilot's engines.node (package.json two folders up from src/kit/), or undefined when it cannot be read. */
function pilotNodeRange() {
  try {
    return JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')).engines?.node;
  } catch {
    return undefined;
  }
}

const range = pilotNodeRange();
if (typeof range === 'string' && !nodeSatisfies(process.versions.node, range)) {
  console.error(`this pilot needs Node ${range} (engines.node in package.json), and this is Node ${process.versions.node}: switch to a supported Node and run again`);
  process.exit(EXIT_WRONG_NODE);
}

const SRC = resolve('src');
const OUT = resolve('.pilot-run');
const EXIT_BAD_SOURCE = 3;

/** Every file under `dir`, as absolute paths (none when it does not exist yet). */
function filesUnder(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

function sameContent(path, contents) {
  try {
    return readFileSync(path).equals(contents);
  } catch {
    return false;
  }
}

/** Writes what changed and removes what no source produces any more. */
function sync(outputs) {
  const wanted = new Set(outputs.map((file) => file.path));
  for (const file of outputs) {
    if (sameContent(file.path, file.contents)) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  for (const path of filesUnder(OUT)) if (!wanted.has(path) && !path.endsWith('.partial')) rmSync(path, { force: true });
}

async function compile() {
  const { build } = await import('esbuild');
  // esbuild reports where a file really is, so a linked src/ (as the eval tests make) is given as such.
  const src = realpathSync(SRC);
  const result = await build({
    entryPoints: [join(src, '**/*.ts')],
    outbase: src,
    outdir: OUT,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    write: false,
    logLevel: 'silent',
  });
  sync(result.outputFiles);
}

/** esbuild's errors, one line each, naming the file and position relative to the pilot. */
function compileErrors(err) {
  if (!Array.isArray(err?.errors)) return [`cannot compile src/: ${err instanceof Error ? err.message : String(err)}`];
  return err.errors.map((e) => {
    const at = e.location ? `${relative(process.cwd(), resolve(e.location.file))}:${e.location.line}:${e.location.column + 1}` : 'src/';
    return `cannot compile ${at}: ${e.text}`;
  });
}

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith('.ts') || !existsSync(join(SRC, entry))) {
  console.error(`compile-and-run: no src/${entry ?? '<entry.ts>'} here; run it from the pilot's folder as node src/kit/compile-and-run.mjs <entry.ts under src/> [args...]`);
  process.exit(EXIT_BAD_SOURCE);
}
// Node keeps the compiled bytecode of every module loaded from here on (esbuild, zod, the SDK,
// the compiled src/) in its compile cache (NODE_COMPILE_CACHE, else the OS temp folder).
nodeModule.enableCompileCache();
try {
  await compile();
} catch (err) {
  const missing = err?.code === 'ERR_MODULE_NOT_FOUND';
  for (const line of missing ? ['esbuild is not installed: install the dependencies first'] : compileErrors(err)) console.error(line);
  console.error(`nothing was run (src/${entry}); ${missing ? 'install' : 'fix the source'} and run again (exit ${EXIT_BAD_SOURCE})`);
  process.exit(EXIT_BAD_SOURCE);
}
process.setSourceMapsEnabled(true); // stack traces name src/*.ts lines, as under tsx
const compiled = join(OUT, entry.replace(/\.ts$/, '.js'));
process.argv = [process.argv[0], compiled, ...args];
await import(pathToFileURL(compiled).href);

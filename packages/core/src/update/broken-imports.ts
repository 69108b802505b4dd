import { posix } from 'node:path';
import type { FileChange } from '../tree/tree.js';
import { readWorkFile } from './sides.js';
import { listWorkFiles } from './work-tree.js';

export interface BrokenImport {
  /** A file the pilot keeps after the update. */
  importer: string;
  /** The file it imports, which the update deletes or moves away. */
  target: string;
}

const CODE = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
// Relative specifiers in static and dynamic imports, re-exports and require calls.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"\n]+)['"]/g;

/**
 * The pilot as the update leaves it, read for relative imports of files the update deletes: a kept
 * seed of a layer `--set` switched away, or a team file that used a kit file the template dropped.
 * Either would leave a pilot that does not compile behind an exit 0; each is reported as a conflict
 * naming both files instead. Read only when the update deletes something.
 */
export function brokenImports(pilotDir: string, changes: readonly FileChange[]): BrokenImport[] {
  const deleted = new Set(changes.filter((change) => change.type === 'delete').map((change) => change.path));
  if (deleted.size === 0) return [];
  const written = new Map(changes.flatMap((change) => (change.content === null ? [] : [[change.path, change.content] as const])));
  const after = new Set([...listWorkFiles(pilotDir), ...written.keys()].filter((path) => !deleted.has(path)));
  const broken: BrokenImport[] = [];
  for (const importer of [...after].filter((path) => CODE.test(path)).sort()) {
    const content = written.get(importer) ?? contentOf(pilotDir, importer);
    for (const [, specifier] of content.toString('utf8').matchAll(SPECIFIER)) {
      const candidates = candidatesOf(posix.join(posix.dirname(importer), specifier ?? ''));
      const target = candidates.find((candidate) => deleted.has(candidate));
      if (target && !candidates.some((candidate) => after.has(candidate))) broken.push({ importer, target });
    }
  }
  return broken;
}

/** What `./x.js` may name on disk under TypeScript's resolution: x.js, x.ts, x.tsx, x/index.ts... */
function candidatesOf(path: string): string[] {
  const stem = path.replace(/\.[cm]?[jt]sx?$/, '');
  const found = [path, ...['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((ext) => `${stem}${ext}`)];
  return [...new Set([...found, `${path}/index.ts`, `${path}/index.js`])];
}

function contentOf(pilotDir: string, path: string): Buffer {
  const found = readWorkFile(pilotDir, path);
  return typeof found === 'string' ? Buffer.alloc(0) : found.content;
}

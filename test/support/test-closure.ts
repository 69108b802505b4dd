// What a test file runs, as content: the file and every relative module it imports, transitively
// (static `from '...'`, side-effect `import '...'` and `import('...')`; `.js` specifiers resolved to
// the `.ts` source as TypeScript does). Two pilots whose closures hash the same run the same test
// program on the same code, so the matrix runs each distinct closure once (see matrix.test.ts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;

function resolveSource(from: string, specifier: string): string | null {
  const target = resolve(dirname(from), specifier);
  const candidates = target.endsWith('.js') ? [`${target.slice(0, -3)}.ts`, target] : [target, `${target}.ts`];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? null;
}

/** sha256 over the test file's import closure inside `dir` (paths relative to the pilot, and contents). */
export function testClosureHash(dir: string, testFile: string): string {
  const seen = new Set<string>();
  const pending = [join(dir, testFile)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolveSource(file, match[1] as string);
      if (target && !seen.has(target)) pending.push(target);
    }
  }
  const hash = createHash('sha256');
  for (const file of [...seen].sort()) hash.update(`${relative(dir, file)}\0${readFileSync(file)}\0`);
  return hash.digest('hex');
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders a pilot never has source in: installs, builds, history, run output. */
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'coverage', '.pilot-slice-update']);

/** Every regular file under the pilot, as `/` paths: what a migration may read and rewrite. */
export function listWorkFiles(pilotDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !(prefix === 'evals/' && entry.name === 'reports')) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      } else if (entry.isFile()) found.push(`${prefix}${entry.name}`);
    }
  };
  walk(pilotDir, '');
  return found.sort();
}

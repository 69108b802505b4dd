import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PilotSliceError } from '../errors.js';
import type { Layer } from '../layers/load-layer.js';
import { compareVersions } from './versions.js';

/**
 * A migration is a module a layer ships (`migrations/<name>.mjs`), run once when a pilot crosses its
 * version. It may export either or both of:
 *   answers(answers) => answers       before the new version renders: rename or fill recorded answers;
 *   files(files)                      after the merge: rewrite the team's files (files.paths(),
 *                                     files.read(path), files.write(path, text), files.delete(path)).
 * Migrations run in version order across every version skipped, so v1 -> v3 does what v1 -> v2 -> v3 does.
 */
export interface Migration {
  id: string;
  layer: string;
  version: string;
  answers?: (answers: Record<string, unknown>) => Record<string, unknown> | undefined;
  files?: (files: MigrationFiles) => void;
}

export interface MigrationFiles {
  paths(): string[];
  read(path: string): string | undefined;
  write(path: string, text: string): void;
  delete(path: string): void;
}

export interface PendingMigration {
  id: string;
  layer: Layer;
  version: string;
  script: string;
}

/** The migrations of the new layers whose version is above the recorded one and at most the new one, oldest first. */
export function pendingMigrations(layers: readonly Layer[], recordedVersionOf: (layer: Layer) => string | undefined, done: readonly string[]): PendingMigration[] {
  const pending: PendingMigration[] = [];
  for (const layer of layers) {
    const from = recordedVersionOf(layer);
    for (const { version, script } of layer.manifest.migrations) {
      const id = `${layer.manifest.id}@${version}`;
      const crossed = from === undefined ? false : compareVersions(version, from) > 0 && compareVersions(version, layer.manifest.version) <= 0;
      if (crossed && !done.includes(id)) pending.push({ id, layer, version, script });
    }
  }
  return pending.sort((a, b) => compareVersions(a.version, b.version) || a.id.localeCompare(b.id));
}

/** Loads each migration's code. Only layers this generator ships reach here (see the trust rule in templates/README.md). */
export async function loadMigrations(pending: readonly PendingMigration[]): Promise<Migration[]> {
  if (pending.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'pilot-slice-migrations-'));
  try {
    const loaded: Migration[] = [];
    for (const [index, migration] of pending.entries()) {
      const code = migration.layer.migrationCode?.[migration.script];
      if (code === undefined) throw new PilotSliceError('INVALID_MANIFEST', `${migration.id}: ${migration.script} is missing from the templates; reinstall create-pilot-slice`);
      const file = join(dir, `${index}-${migration.script.replace(/^migrations\//, '')}`);
      writeFileSync(file, code);
      const module = (await import(pathToFileURL(file).href)) as Partial<Migration>;
      loaded.push({ id: migration.id, layer: migration.layer.manifest.id, version: migration.version, answers: module.answers, files: module.files });
    }
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runAnswerMigrations(migrations: readonly Migration[], answers: Record<string, unknown>): Record<string, unknown> {
  let current = { ...answers };
  for (const migration of migrations) {
    if (!migration.answers) continue;
    current = guarded(migration, () => migration.answers?.({ ...current }) ?? current) as Record<string, unknown>;
  }
  return current;
}

export function runFileMigrations(migrations: readonly Migration[], files: MigrationFiles): void {
  for (const migration of migrations) if (migration.files) guarded(migration, () => migration.files?.(files));
}

function guarded<T>(migration: Migration, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new PilotSliceError('MIGRATION_FAILED', `migration ${migration.id} failed: ${(error as Error)?.message ?? String(error)}; nothing was written`);
  }
}

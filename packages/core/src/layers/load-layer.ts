import { type Dirent, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { type LayerManifest, MANIFEST_FILE, layerManifestSchema } from './manifest.js';

export const LAYER_FILES_DIR = 'files';

export interface LayerFile {
  /** Path under the layer's files/ folder, with `/` separators, before rendering. */
  source: string;
  /** Read on first use: a catalog lists every layer, but a run renders only four. */
  readonly content: Buffer;
  /** True when the template file is executable: the pilot's copy is too (scripts, hooks). */
  executable?: boolean;
}

export interface Layer {
  manifest: LayerManifest;
  dir: string;
  files: LayerFile[];
  /** Each migration's code by its script path, read with the layer so a pack can carry it. */
  migrationCode?: Record<string, string>;
}

/** Reads and validates one layer folder. `displayRoot` makes error paths short and relative. */
export function loadLayer(dir: string, displayRoot: string): Layer {
  const manifest = readManifest(dir, displayRoot);
  const files = listLayerFiles(join(dir, LAYER_FILES_DIR), displayRoot);
  if (manifest.migrations.length === 0) return { manifest, dir, files };
  return { manifest, dir, files, migrationCode: readMigrations(dir, manifest, displayRoot) };
}

// Sync I/O throughout: a scaffold reads dozens of small files, and awaiting each one costs more than reading it.
function readManifest(dir: string, displayRoot: string): LayerManifest {
  const file = join(dir, MANIFEST_FILE);
  const shown = relative(displayRoot, file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON (${(error as Error).message})`;
    throw new PilotSliceError('INVALID_MANIFEST', `${shown}: ${reason}; every layer folder needs a ${MANIFEST_FILE}`);
  }
  const result = layerManifestSchema().safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new PilotSliceError('INVALID_MANIFEST', `${shown}: ${where}${issue?.message ?? 'invalid manifest'}`);
  }
  const expectedId = result.data.kind === 'base' ? 'base' : basename(dir);
  if (result.data.id !== expectedId) {
    throw new PilotSliceError('INVALID_MANIFEST', `${shown}: id "${result.data.id}" must match its folder name "${expectedId}"`);
  }
  return result.data;
}

/** Every regular file under files/, sorted so rendering is deterministic. Links are refused: they could point anywhere. */
function listLayerFiles(root: string, displayRoot: string): LayerFile[] {
  const files: LayerFile[] = [];
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(lazyFile(relative(root, full).split(sep).join('/'), full, (statSync(full).mode & 0o111) !== 0));
      else {
        const kind = lstatSync(full).isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
        throw new PilotSliceError('INVALID_MANIFEST', `${relative(displayRoot, full)}: ${kind}; template files must be regular files`);
      }
    }
  };
  walk(root);
  return files;
}

function lazyFile(source: string, path: string, executable: boolean): LayerFile {
  let content: Buffer | undefined;
  return {
    source,
    ...(executable ? { executable } : {}),
    get content() {
      content ??= readFileSync(path);
      return content;
    },
  };
}

function readMigrations(dir: string, manifest: LayerManifest, displayRoot: string): Record<string, string> {
  const code: Record<string, string> = {};
  for (const { script } of manifest.migrations) {
    const file = join(dir, script);
    try {
      if (!lstatSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
      code[script] = readFileSync(file, 'utf8');
    } catch (error) {
      throw new PilotSliceError(
        'INVALID_MANIFEST',
        `${relative(displayRoot, file)}: cannot read this migration (${(error as NodeJS.ErrnoException).code ?? 'error'}); the manifest lists it under "migrations"`,
      );
    }
  }
  return code;
}

import { type Dirent, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { type LayerManifest, MANIFEST_FILE, layerManifestSchema } from './manifest.js';

export const LAYER_FILES_DIR = 'files';

export interface LayerFile {
  /** Path under the layer's files/ folder, with `/` separators, before rendering. */
  source: string;
  /** Read on first use: a catalog lists every layer, but a run renders only four. */
  readonly content: Buffer;
}

export interface Layer {
  manifest: LayerManifest;
  dir: string;
  files: LayerFile[];
}

/** Reads and validates one layer folder. `displayRoot` makes error paths short and relative. */
export function loadLayer(dir: string, displayRoot: string): Layer {
  const manifest = readManifest(dir, displayRoot);
  const files = listLayerFiles(join(dir, LAYER_FILES_DIR), displayRoot);
  return { manifest, dir, files };
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
      else if (entry.isFile()) files.push(lazyFile(relative(root, full).split(sep).join('/'), full));
      else {
        const kind = lstatSync(full).isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
        throw new PilotSliceError('INVALID_MANIFEST', `${relative(displayRoot, full)}: ${kind}; template files must be regular files`);
      }
    }
  };
  walk(root);
  return files;
}

function lazyFile(source: string, path: string): LayerFile {
  let content: Buffer | undefined;
  return {
    source,
    get content() {
      content ??= readFileSync(path);
      return content;
    },
  };
}

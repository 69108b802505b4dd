import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { type LayerManifest, MANIFEST_FILE, layerManifestSchema } from './manifest.js';

export const LAYER_FILES_DIR = 'files';

export interface LayerFile {
  /** Path under the layer's files/ folder, with `/` separators, before rendering. */
  source: string;
  content: Buffer;
}

export interface Layer {
  manifest: LayerManifest;
  dir: string;
  files: LayerFile[];
}

/** Reads and validates one layer folder. `displayRoot` makes error paths short and relative. */
export async function loadLayer(dir: string, displayRoot: string): Promise<Layer> {
  const manifest = await readManifest(dir, displayRoot);
  const files = await readLayerFiles(join(dir, LAYER_FILES_DIR), displayRoot);
  return { manifest, dir, files };
}

async function readManifest(dir: string, displayRoot: string): Promise<LayerManifest> {
  const file = join(dir, MANIFEST_FILE);
  const shown = relative(displayRoot, file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not valid JSON (${(error as Error).message})`;
    throw new PilotSliceError('INVALID_MANIFEST', `${shown}: ${reason}; every layer folder needs a ${MANIFEST_FILE}`);
  }
  const result = layerManifestSchema.safeParse(raw);
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
async function readLayerFiles(root: string, displayRoot: string): Promise<LayerFile[]> {
  const files: LayerFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push({ source: relative(root, full).split(sep).join('/'), content: await readFile(full) });
      else {
        const kind = (await lstat(full)).isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
        throw new PilotSliceError('INVALID_MANIFEST', `${relative(displayRoot, full)}: ${kind}; template files must be regular files`);
      }
    }
  };
  await walk(root);
  return files;
}

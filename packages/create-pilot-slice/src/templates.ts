import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Catalog, PilotSliceError, type PrecompiledTemplates, loadCatalog, unpackCatalog } from '@pilot-slice/core';

/** What build.mjs writes beside the bundle: every shipped layer in one file (see core's template-pack.ts). */
export const TEMPLATE_PACK = 'templates.pack';

export interface Templates {
  catalog: Catalog;
  precompiled: PrecompiledTemplates;
}

/** The shipped template pack, or a folder of layers (tests and template work), validated as it loads. */
export async function loadTemplates(path: string): Promise<Templates> {
  if (basename(path) !== TEMPLATE_PACK) return { catalog: await loadCatalog(path), precompiled: new Map() };
  let pack: Buffer;
  try {
    pack = readFileSync(path);
  } catch (error) {
    throw new PilotSliceError('INVALID_MANIFEST', `${path}: cannot read the shipped templates (${(error as NodeJS.ErrnoException).code ?? 'error'}); reinstall create-pilot-slice`);
  }
  return unpackCatalog(pack, path);
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PilotSliceError } from '../errors.js';
import { LAYER_KIND_ANSWER, OVERLAY_KINDS, type OverlayKind } from '../answers/options.js';
import type { Answers } from '../answers/schema.js';
import { type Layer, loadLayer } from './load-layer.js';
import type { LayerManifest } from './manifest.js';

/** Where each kind's layers live under the templates root. */
export const LAYER_FOLDERS: Record<OverlayKind, string> = {
  'use-case': 'use-cases',
  connector: 'connectors',
  auth: 'auth',
};

export interface Catalog {
  root: string;
  base: Layer;
  overlays: Record<OverlayKind, Map<string, Layer>>;
}

/**
 * Loads and validates every layer under `root`, so one bad manifest is reported before anything renders.
 * Async although today's reads are sync: a template fetched from a registry will need it.
 */
export async function loadCatalog(root: string): Promise<Catalog> {
  const base = loadLayer(join(root, 'base'), root);
  if (base.manifest.kind !== 'base') {
    throw new PilotSliceError('INVALID_MANIFEST', `base/layer.json: kind must be "base"`);
  }
  const overlays = {} as Catalog['overlays'];
  for (const kind of OVERLAY_KINDS) {
    overlays[kind] = new Map();
    for (const id of listFolders(join(root, LAYER_FOLDERS[kind]))) {
      const layer = loadLayer(join(root, LAYER_FOLDERS[kind], id), root);
      if (layer.manifest.kind !== kind) {
        throw new PilotSliceError('INVALID_MANIFEST', `${LAYER_FOLDERS[kind]}/${id}/layer.json: kind must be "${kind}"`);
      }
      overlays[kind].set(id, layer);
    }
  }
  return { root, base, overlays };
}

/** The layers a set of answers selects, in the order they render: base, use case, connector, auth. */
export function selectLayers(catalog: Catalog, answers: Pick<Answers, 'useCase' | 'connector' | 'auth'>): Layer[] {
  return [catalog.base, ...OVERLAY_KINDS.map((kind) => requireLayer(catalog, kind, answers[LAYER_KIND_ANSWER[kind]]))];
}

/** What `list` shows and prompts offer: every layer that exists, by kind. */
export function describeCatalog(catalog: Catalog): Record<OverlayKind, LayerManifest[]> {
  const described = {} as Record<OverlayKind, LayerManifest[]>;
  for (const kind of OVERLAY_KINDS) described[kind] = [...catalog.overlays[kind].values()].map((layer) => layer.manifest);
  return described;
}

export function availableIds(catalog: Catalog, kind: OverlayKind): string[] {
  return [...catalog.overlays[kind].keys()];
}

function requireLayer(catalog: Catalog, kind: OverlayKind, id: string): Layer {
  const layer = catalog.overlays[kind].get(id);
  if (layer) return layer;
  throw new PilotSliceError('LAYER_UNAVAILABLE', `--${kind} ${id} is not available in this version; available: ${availableIds(catalog, kind).join(', ') || 'none'}`);
}

function listFolders(dir: string): string[] {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

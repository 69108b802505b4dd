import type { Provenance } from '../answers/provenance.js';
import type { Catalog } from '../layers/catalog.js';
import type { Generator } from '../scaffold/plan-scaffold.js';
import { compareVersions } from './versions.js';

export interface LayerBehind {
  kind: string;
  id: string;
  /** The version in the pilot. */
  from: string;
  /** The version this generator ships; absent when it no longer ships the layer. */
  to?: string;
}

export interface CheckResult {
  upToDate: boolean;
  generator: { name: string; from: string; to: string };
  layers: LayerBehind[];
}

/** Is the pilot behind this generator's templates? By version: cheap enough for a weekly CI job. */
export function checkPilot(provenance: Provenance, catalog: Catalog, generator: Generator): CheckResult {
  const layers: LayerBehind[] = [];
  for (const entry of provenance.layers) {
    const layer = entry.kind === 'base' ? catalog.base : catalog.overlays[entry.kind].get(entry.id);
    const to = layer?.manifest.version;
    if (to === undefined || compareVersions(to, entry.version) > 0) layers.push({ kind: entry.kind, id: entry.id, from: entry.version, ...(to ? { to } : {}) });
  }
  const generatorBehind = compareVersions(generator.version, provenance.generator.version) > 0;
  return {
    upToDate: layers.length === 0 && !generatorBehind,
    generator: { name: generator.name, from: provenance.generator.version, to: generator.version },
    layers,
  };
}

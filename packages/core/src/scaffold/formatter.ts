import { PilotSliceError } from '../errors.js';
import type { Layer } from '../layers/load-layer.js';
import { BIOME_DEFAULTS, type FormatterSettings } from '../render/list-literal.js';
import { layerLabel } from '../render/render-layers.js';

const BIOME_CONFIG = 'biome.json';

/**
 * The widths the pilot's biome formats with, from the biome.json the layers write (base's), so
 * templates can lay out generated lists as its `npm run lint` expects. No biome.json: biome's defaults.
 */
export function formatterOf(layers: readonly Layer[]): FormatterSettings {
  const file = layers.flatMap((layer) => layer.files.map((f) => ({ layer, f }))).find(({ f }) => f.source === BIOME_CONFIG);
  if (!file) return BIOME_DEFAULTS;
  let config: { formatter?: Partial<FormatterSettings> };
  try {
    config = JSON.parse(file.f.content.toString('utf8'));
  } catch (error) {
    throw new PilotSliceError('TEMPLATE_RENDER', `${layerLabel(file.layer)}/files/${BIOME_CONFIG}: not valid JSON (${(error as Error).message})`);
  }
  return {
    lineWidth: config.formatter?.lineWidth ?? BIOME_DEFAULTS.lineWidth,
    indentWidth: config.formatter?.indentWidth ?? BIOME_DEFAULTS.indentWidth,
  };
}

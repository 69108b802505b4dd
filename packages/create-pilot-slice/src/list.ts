import { type Catalog, OVERLAY_KINDS, OVERLAY_VALUES, describeCatalog } from '@pilot-slice/core';
import { type Io, colorsFor, say } from './io.js';

/** Every choosable layer with its description; values named in the public surface but not shipped yet say so. */
export function listLayers(catalog: Catalog, io: Io, json: boolean): void {
  const described = describeCatalog(catalog);
  const rows = OVERLAY_KINDS.map((kind) => ({
    kind,
    flag: `--${kind}`,
    layers: OVERLAY_VALUES[kind].map((id) => {
      const manifest = described[kind].find((m) => m.id === id);
      return { id, available: Boolean(manifest), version: manifest?.version ?? null, description: manifest?.description ?? null };
    }),
  }));
  if (json) {
    say(io, JSON.stringify({ base: catalog.base.manifest.version, kinds: rows }, null, 2));
    return;
  }
  const pc = colorsFor(io);
  for (const row of rows) {
    say(io, pc.bold(`${row.kind} (${row.flag})`));
    for (const layer of row.layers) {
      const text = layer.available ? `${layer.description} ${pc.dim(`v${layer.version}`)}` : pc.dim('not available in this version');
      say(io, `  ${layer.id.padEnd(10)} ${text}`);
    }
  }
}

/**
 * A catalog in one file, as the CLI ships it. Loading layer folders costs a directory walk and a
 * read per file (about a hundred system calls for one scaffold) plus a zod parse per manifest;
 * the pack is one read. It is written at build time from folders that `loadCatalog` validated,
 * so manifests are not validated again when it is read, and it carries each `.hbs` file's
 * precompiled spec, so rendering needs neither the compiler nor a hash to find them.
 *
 * Layout: a magic line, one line of JSON (the header: layers, manifests, and each file's offset
 * and length in the body), then the file contents back to back. File contents are never parsed:
 * each is a slice of the one buffer read.
 */
import { join } from 'node:path';
import { OVERLAY_KINDS, type OverlayKind } from '../answers/options.js';
import { PilotSliceError } from '../errors.js';
import type { PrecompiledTemplates } from '../render/handlebars.js';
import { TEMPLATE_SUFFIX } from '../render/output-path.js';
import { stripTemplateSuffix } from '../render/render-layers.js';
import { type Catalog, LAYER_FOLDERS } from './catalog.js';
import type { Layer, LayerFile } from './load-layer.js';
import type { LayerManifest } from './manifest.js';

const MAGIC = 'pilot-slice-template-pack 1\n';

/** [source path, offset in the body, length, precompiled spec when the file is a template (else null), 1 when executable]. */
type PackedFile = [source: string, offset: number, length: number, spec?: string | null, executable?: 1];

interface PackHeader {
  layers: { folder: string; manifest: LayerManifest; files: PackedFile[]; migrations?: Record<string, string> }[];
  /** Precompiled specs of path segments that are templates (`{{kebabCase oncall}}.md.hbs`). */
  segments?: [source: string, spec: string][];
}

/** The pack for `catalog`. `precompile` gives a `.hbs` file's spec (the build passes Handlebars' precompiler). */
export async function packCatalog(catalog: Catalog, precompile: (source: string) => Promise<string>): Promise<Buffer> {
  const bodies: Buffer[] = [];
  let offset = 0;
  const header: PackHeader = { layers: [], segments: [] };
  for (const [folder, layer] of catalogLayers(catalog)) {
    const files: PackedFile[] = [];
    for (const file of layer.files) {
      const content = file.content;
      const entry: PackedFile = [file.source, offset, content.length];
      for (const segment of stripTemplateSuffix(file.source)
        .split('/')
        .filter((part) => part.includes('{{'))) {
        if (!header.segments?.some(([source]) => source === segment)) header.segments?.push([segment, await precompile(segment)]);
      }
      const spec = file.source.endsWith(TEMPLATE_SUFFIX) ? await precompile(content.toString('utf8')) : null;
      if (spec !== null || file.executable) entry.push(spec);
      if (file.executable) entry.push(1);
      files.push(entry);
      bodies.push(content);
      offset += content.length;
    }
    header.layers.push({ folder, manifest: layer.manifest, files, ...(layer.migrationCode ? { migrations: layer.migrationCode } : {}) });
  }
  // JSON.stringify escapes line breaks inside strings, so the header is exactly one line.
  return Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), ...bodies]);
}

/** The catalog and precompiled templates in a pack; `where` names it in errors. */
export function unpackCatalog(pack: Buffer, where: string): { catalog: Catalog; precompiled: PrecompiledTemplates } {
  const headerEnd = pack.indexOf(10, MAGIC.length);
  let header: PackHeader | undefined;
  try {
    if (pack.toString('utf8', 0, MAGIC.length) === MAGIC && headerEnd > 0) header = JSON.parse(pack.toString('utf8', MAGIC.length, headerEnd)) as PackHeader;
  } catch {
    // reported below, as any other damage
  }
  if (!header || !Array.isArray(header.layers)) {
    throw new PilotSliceError('INVALID_MANIFEST', `${where}: not a template pack of this version, or damaged; reinstall create-pilot-slice`);
  }
  const body = pack.subarray(headerEnd + 1);
  const precompiled = new Map<string, string>(header.segments ?? []);
  const overlays = Object.fromEntries(OVERLAY_KINDS.map((kind) => [kind, new Map<string, Layer>()])) as Catalog['overlays'];
  let base: Layer | undefined;
  for (const { folder, manifest, files, migrations } of header.layers) {
    const layer: Layer = {
      manifest: withManifestDefaults(manifest),
      dir: join(where, folder),
      files: files.map(([source, start, length, spec, executable]): LayerFile => {
        const content = body.subarray(start, start + length);
        if (typeof spec === 'string') precompiled.set(content.toString('utf8'), spec);
        return executable ? { source, content, executable: true } : { source, content };
      }),
      ...(migrations ? { migrationCode: migrations } : {}),
    };
    if (manifest.kind === 'base') base = layer;
    else overlays[manifest.kind].set(manifest.id, layer);
  }
  if (!base) throw new PilotSliceError('INVALID_MANIFEST', `${where}: the pack has no base layer; reinstall create-pilot-slice`);
  return { catalog: { root: where, base, overlays }, precompiled };
}

function catalogLayers(catalog: Catalog): [folder: string, layer: Layer][] {
  return [
    ['base', catalog.base],
    ...OVERLAY_KINDS.flatMap((kind: OverlayKind) => [...catalog.overlays[kind]].map(([id, layer]): [string, Layer] => [`${LAYER_FOLDERS[kind]}/${id}`, layer])),
  ];
}

/**
 * Packs are written from validated manifests and not validated again; a pack made by an older
 * generator (a cached or downloaded base for `update`) lacks fields added since, so they take
 * the schema's defaults here.
 */
function withManifestDefaults(manifest: LayerManifest): LayerManifest {
  const packed: Partial<LayerManifest> = manifest;
  return {
    ...manifest,
    prompts: packed.prompts ?? [],
    merge: packed.merge ?? {},
    moved: packed.moved ?? {},
    migrations: packed.migrations ?? [],
    ownership: { seed: packed.ownership?.seed ?? [], structured: packed.ownership?.structured ?? [] },
  };
}

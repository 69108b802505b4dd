import { PilotSliceError } from '../errors.js';
import type { Layer } from '../layers/load-layer.js';
import { mergeStructured } from '../tree/merge-structured.js';
import type { Tree } from '../tree/tree.js';
import { type PrecompiledTemplates, getCompiler } from './handlebars.js';
import { TEMPLATE_SUFFIX, assertInsideTarget, restoreDotfile } from './output-path.js';

export type RenderContext = Record<string, unknown>;

/**
 * Renders layers in order into the tree. A path two layers write is merged if the later layer declares it, else refused.
 * A `.hbs` file that renders to only whitespace is not written.
 */
export async function renderLayers(
  layers: readonly Layer[],
  context: RenderContext,
  tree: Tree,
  precompiled?: PrecompiledTemplates,
  /** Filled with each output path's template source (`base/files/src/x.ts`): update follows renames by it. */
  sources?: Map<string, string>,
): Promise<void> {
  const render = await renderWith(context, precompiled, templateSources(layers));
  for (const layer of layers) {
    const label = layerLabel(layer);
    for (const file of layer.files) {
      const origin = `${label}/files/${file.source}`;
      const isTemplate = file.source.endsWith(TEMPLATE_SUFFIX);
      const path = outputPath(file.source, isTemplate, (text) => render(text, origin), origin);
      const content = isTemplate ? Buffer.from(render(file.content.toString('utf8'), origin), 'utf8') : file.content;
      // A template that renders to nothing is left out: a file can exist for one choice only (pnpm-workspace.yaml).
      if (isTemplate && content.toString('utf8').trim() === '') continue;
      writeLayerFile(tree, layer, path, content, origin, file.executable === true);
      if (sources && !sources.has(path)) sources.set(path, origin);
    }
  }
}

export function layerLabel(layer: Layer): string {
  return layer.manifest.kind === 'base' ? 'base' : `${layer.manifest.kind}/${layer.manifest.id}`;
}

function writeLayerFile(tree: Tree, layer: Layer, path: string, content: Buffer, origin: string, executable: boolean): void {
  const label = layerLabel(layer);
  if (!tree.exists(path)) {
    tree.write(path, content, label, executable);
    return;
  }
  const strategy = layer.manifest.merge[path];
  if (!strategy) {
    throw new PilotSliceError(
      'LAYER_CONFLICT',
      `${label} writes ${path}, which ${tree.origin(path) ?? 'an earlier layer'} already wrote; declare it under "merge" in ${label}'s layer.json or rename the file`,
    );
  }
  try {
    const earlier = tree.read(path)?.toString('utf8') ?? '';
    tree.write(path, mergeStructured(strategy, earlier, content.toString('utf8')), `${tree.origin(path)}+${label}`, tree.isExecutable(path) || executable);
  } catch (error) {
    throw new PilotSliceError('TEMPLATE_RENDER', `${origin}: cannot ${strategy}-merge into ${path}: ${(error as Error).message}`);
  }
}

/** Renders each path segment that holds `{{`, restores dotfiles, drops `.hbs`, and refuses anything outside the target. */
function outputPath(source: string, isTemplate: boolean, render: (text: string) => string, origin: string): string {
  const stripped = isTemplate ? stripTemplateSuffix(source) : source;
  const rendered = stripped
    .split('/')
    .map((segment) => (segment.includes('{{') ? render(segment) : segment))
    .join('/');
  assertInsideTarget(rendered, origin);
  return rendered.split('/').map(restoreDotfile).join('/');
}

/** Every text that will be rendered: `.hbs` contents and path segments holding `{{`. */
function templateSources(layers: readonly Layer[]): string[] {
  return layers.flatMap((layer) =>
    layer.files.flatMap((file) => [
      ...(file.source.endsWith(TEMPLATE_SUFFIX) ? [file.content.toString('utf8')] : []),
      ...stripTemplateSuffix(file.source)
        .split('/')
        .filter((segment) => segment.includes('{{')),
    ]),
  );
}

async function renderWith(context: RenderContext, precompiled: PrecompiledTemplates | undefined, sources: string[]): Promise<(template: string, origin: string) => string> {
  const compile = await getCompiler(precompiled, sources);
  return (template, origin) => {
    try {
      return compile(template)(context);
    } catch (error) {
      const reason = String((error as Error).message).split('\n')[0];
      throw new PilotSliceError('TEMPLATE_RENDER', `${origin}: ${reason}`);
    }
  };
}

export function stripTemplateSuffix(source: string): string {
  return source.endsWith(TEMPLATE_SUFFIX) ? source.slice(0, -TEMPLATE_SUFFIX.length) : source;
}

import { describe, expect, it } from 'vitest';
import { loadCatalog, selectLayers } from '../layers/catalog.js';
import { manifest, minimalTemplates, sampleAnswers, testGenerator, writeTree } from '../test-utils/fixtures.js';
import { Tree } from '../tree/tree.js';
import { renderLayers } from './render-layers.js';

async function render(extra: Record<string, string>, answers = sampleAnswers): Promise<Tree> {
  const root = await writeTree(minimalTemplates(extra));
  const layers = selectLayers(await loadCatalog(root), answers);
  const tree = new Tree();
  await renderLayers(layers, { ...answers, generator: testGenerator }, tree);
  return tree;
}

const text = (tree: Tree, path: string) => tree.read(path)?.toString('utf8');

describe('renderLayers', () => {
  it('renders .hbs files without the suffix and copies other files byte for byte', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal inside a plain string is the source a layer ships, which must come out unchanged.
    const raw = 'const x = `${{ a: 1 }.a}`; // {{not rendered}}\n';
    const tree = await render({ 'base/files/raw.ts': raw });
    expect(text(tree, 'README.md')).toBe('# my-pilot\n\nSort support mail\n');
    expect(text(tree, 'raw.ts')).toBe(raw);
    expect(tree.exists('README.md.hbs')).toBe(false);
  });

  it('writes an answer containing {{ literally, never evaluating it', async () => {
    const answers = { ...sampleAnswers, description: 'Route {{name}} & "quoted" {{#each x}}' };
    const tree = await render({ 'base/files/meta.json.hbs': '{ "description": {{json description}} }\n' }, answers);
    expect(text(tree, 'README.md')).toContain('Route {{name}} & "quoted" {{#each x}}');
    expect(JSON.parse(text(tree, 'meta.json') ?? '')).toEqual({ description: 'Route {{name}} & "quoted" {{#each x}}' });
  });

  it('leaves out a template that renders to nothing, so a file can exist for one choice only', async () => {
    const template = '{{#if pnpm}}allowBuilds:\n  esbuild: true\n{{/if}}\n';
    const root = await writeTree(minimalTemplates({ 'base/files/pnpm-workspace.yaml.hbs': template }));
    const layers = selectLayers(await loadCatalog(root), sampleAnswers);
    const without = new Tree();
    await renderLayers(layers, { ...sampleAnswers, generator: testGenerator, pnpm: false }, without);
    const withIt = new Tree();
    await renderLayers(layers, { ...sampleAnswers, generator: testGenerator, pnpm: true }, withIt);
    expect(without.exists('pnpm-workspace.yaml')).toBe(false);
    expect(text(withIt, 'pnpm-workspace.yaml')).toBe('allowBuilds:\n  esbuild: true\n');
  });

  it('restores dotfiles stored with a leading underscore', async () => {
    const tree = await render({ 'base/files/_gitignore': 'node_modules\n', 'base/files/_github/CODEOWNERS.hbs': '* {{owner}}\n' });
    expect(text(tree, '.gitignore')).toBe('node_modules\n');
    expect(text(tree, '.github/CODEOWNERS')).toBe('* @acme/support-ai\n');
  });

  it('deep-merges package.json across layers when the later layer declares it', async () => {
    const tree = await render({});
    expect(JSON.parse(text(tree, 'package.json') ?? '')).toEqual({
      name: 'my-pilot',
      scripts: { test: 'vitest run' },
      dependencies: { zod: '^4.0.0' },
    });
    expect(tree.origin('package.json')).toBe('base+use-case/classify');
  });

  it('appends line files without repeating lines', async () => {
    const tree = await render({
      'base/files/_env.example': '# Model\nPILOT_MODEL=\n',
      'connectors/sqlite/layer.json': manifest({ id: 'sqlite', kind: 'connector', merge: { '.env.example': 'lines' } }),
      'connectors/sqlite/files/_env.example': '\n# SQLite\nPILOT_MODEL=\nPILOT_SQLITE_PATH=data/sample.sqlite\n',
    });
    expect(text(tree, '.env.example')).toBe('# Model\nPILOT_MODEL=\n\n# SQLite\nPILOT_SQLITE_PATH=data/sample.sqlite\n');
  });

  it('refuses two layers writing one file that neither declares as a merge', async () => {
    await expect(render({ 'auth/api-key/files/src/pipeline.ts': 'export {};\n' })).rejects.toMatchObject({
      code: 'LAYER_CONFLICT',
      message: expect.stringContaining('auth/api-key writes src/pipeline.ts, which use-case/classify already wrote'),
    });
  });

  it('refuses a rendered path that climbs out of the target', async () => {
    const answers = { ...sampleAnswers, description: '../../outside' };
    await expect(render({ 'base/files/{{description}}.txt': 'x' }, answers)).rejects.toMatchObject({
      code: 'PATH_ESCAPE',
      message: expect.stringContaining('renders to "../../outside.txt"'),
    });
  });

  it('refuses a rendered path that is absolute', async () => {
    const answers = { ...sampleAnswers, description: '/etc/cron.d/x' };
    await expect(render({ 'base/files/{{description}}': 'x' }, answers)).rejects.toMatchObject({ code: 'PATH_ESCAPE' });
  });

  it('renders a path segment from an answer when it stays inside', async () => {
    const tree = await render({ 'base/files/docs/{{name}}.md': 'x' });
    expect(tree.exists('docs/my-pilot.md')).toBe(true);
  });

  it('fails loudly, naming the file, when a template uses an unknown variable', async () => {
    await expect(render({ 'base/files/x.md.hbs': '{{ownr}}' })).rejects.toMatchObject({
      code: 'TEMPLATE_RENDER',
      message: expect.stringContaining('base/files/x.md.hbs: "ownr" not defined'),
    });
  });

  it('offers node-plop’s case helpers', async () => {
    const tree = await render({ 'base/files/x.ts.hbs': 'export class {{pascalCase name}} {}\n' });
    expect(text(tree, 'x.ts')).toBe('export class MyPilot {}\n');
  });
});

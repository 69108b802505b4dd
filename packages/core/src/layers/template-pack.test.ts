import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { precompileTemplate } from '../render/handlebars.js';
import { planScaffold } from '../scaffold/plan-scaffold.js';
import { minimalTemplates, sampleAnswers, testGenerator, writeTree } from '../test-utils/fixtures.js';
import { loadCatalog } from './catalog.js';
import { packCatalog, unpackCatalog } from './template-pack.js';

const SHIPPED = fileURLToPath(new URL('../../../../templates', import.meta.url));

describe('template pack', () => {
  it('holds every layer, manifest and file of the folders it was made from', async () => {
    const catalog = await loadCatalog(
      await writeTree(minimalTemplates({ 'auth/oidc/layer.json': JSON.stringify({ id: 'oidc', kind: 'auth', version: '0.2.0', description: 'x' }) })),
    );
    const { catalog: unpacked, precompiled } = unpackCatalog(await packCatalog(catalog, precompileTemplate), 'test.pack');
    expect(unpacked.base.manifest).toEqual(catalog.base.manifest);
    expect([...unpacked.overlays.auth.keys()]).toEqual(['api-key', 'oidc']);
    expect(unpacked.overlays.auth.get('oidc')?.manifest.version).toBe('0.2.0');
    const files = (c: typeof catalog) => c.base.files.map((file) => [file.source, file.content.toString('utf8')]);
    expect(files(unpacked)).toEqual(files(catalog));
    // Both base templates are precompiled, keyed by their source text.
    expect([...precompiled.keys()].sort()).toEqual(
      catalog.base.files
        .filter((f) => f.source.endsWith('.hbs'))
        .map((f) => f.content.toString('utf8'))
        .sort(),
    );
  });

  it('renders the shipped templates exactly as the folders do', async () => {
    const folders = await loadCatalog(SHIPPED);
    const { catalog, precompiled } = unpackCatalog(await packCatalog(folders, precompileTemplate), 'templates.pack');
    const input = { targetDir: '/tmp/never-written', answers: sampleAnswers, generator: testGenerator };
    const fromFolders = await planScaffold({ ...input, catalog: folders });
    const fromPack = await planScaffold({ ...input, catalog, precompiled });
    expect(fromPack.changes.length).toBeGreaterThan(50);
    expect(fromPack.changes.map((c) => [c.path, c.origin, c.content?.toString('base64')])).toEqual(
      fromFolders.changes.map((c) => [c.path, c.origin, c.content?.toString('base64')]),
    );
  });

  it.each([
    ['another format', Buffer.from('something else\n{}\n')],
    ['a cut-off header', Buffer.from('pilot-slice-template-pack 1\n{"layers":[')],
    ['a damaged header', Buffer.from('pilot-slice-template-pack 1\n{"layers":[\n')],
  ])('refuses %s with one line naming the file', (_, pack) => {
    expect(() => unpackCatalog(pack, '/x/templates.pack')).toThrow(/^\/x\/templates\.pack: .*reinstall create-pilot-slice$/);
  });

  it('refuses a pack without a base layer', () => {
    const pack = Buffer.from('pilot-slice-template-pack 1\n{"layers":[]}\n');
    expect(() => unpackCatalog(pack, 'p')).toThrow('p: the pack has no base layer; reinstall create-pilot-slice');
  });
});

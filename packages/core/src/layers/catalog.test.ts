import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest, minimalTemplates, sampleAnswers, writeTree } from '../test-utils/fixtures.js';
import { describeCatalog, loadCatalog, selectLayers } from './catalog.js';

describe('loadCatalog', () => {
  it('loads every layer and selects base, use case, connector and auth in order', async () => {
    const catalog = await loadCatalog(await writeTree(minimalTemplates()));
    const layers = selectLayers(catalog, sampleAnswers);
    expect(layers.map((layer) => `${layer.manifest.kind}:${layer.manifest.id}`)).toEqual(['base:base', 'use-case:classify', 'connector:sqlite', 'auth:api-key']);
    expect(describeCatalog(catalog)['use-case'].map((m) => m.id)).toEqual(['classify']);
  });

  it('says which values exist when a chosen layer does not', async () => {
    const catalog = await loadCatalog(await writeTree(minimalTemplates()));
    expect(() => selectLayers(catalog, { ...sampleAnswers, useCase: 'triage' })).toThrow('--use-case triage is not available in this version; available: classify');
  });

  it.each([
    ['a missing manifest', { 'auth/oidc/files/x': 'x' }, 'auth/oidc/layer.json: missing'],
    ['invalid JSON', { 'auth/oidc/layer.json': '{ id: ' }, 'auth/oidc/layer.json: not valid JSON'],
    ['a bad version', { 'auth/oidc/layer.json': manifest({ id: 'oidc', kind: 'auth', version: 'one' }) }, 'auth/oidc/layer.json: version: version must be semver'],
    ['an unknown field', { 'auth/oidc/layer.json': manifest({ id: 'oidc', kind: 'auth', extends: 'base' }) }, 'auth/oidc/layer.json: Unrecognized key: "extends"'],
    [
      'an unknown merge strategy',
      { 'auth/oidc/layer.json': manifest({ id: 'oidc', kind: 'auth', merge: { 'a.yaml': 'yaml' } }) },
      'merge.a.yaml: a merge strategy must be one of: json, lines',
    ],
    ['an id unlike its folder', { 'auth/oidc/layer.json': manifest({ id: 'saml', kind: 'auth' }) }, 'id "saml" must match its folder name "oidc"'],
    ['a kind unlike its folder', { 'auth/oidc/layer.json': manifest({ id: 'oidc', kind: 'connector' }) }, 'auth/oidc/layer.json: kind must be "auth"'],
    ['a prompt for an unknown answer', { 'auth/oidc/layer.json': manifest({ id: 'oidc', kind: 'auth', prompts: ['colour'] }) }, 'prompts.0: prompts must name answer keys'],
  ])('refuses %s with the file and field named', async (_, extra, message) => {
    const root = await writeTree(minimalTemplates(extra));
    await expect(loadCatalog(root)).rejects.toMatchObject({ code: 'INVALID_MANIFEST', message: expect.stringContaining(message) });
  });

  it('refuses a symbolic link among template files', async () => {
    const root = await writeTree(minimalTemplates());
    await symlink('/etc/passwd', join(root, 'base/files/passwd'));
    await expect(loadCatalog(root)).rejects.toMatchObject({ code: 'INVALID_MANIFEST', message: expect.stringContaining('base/files/passwd: a symbolic link') });
  });
});

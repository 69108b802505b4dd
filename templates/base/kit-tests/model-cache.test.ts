import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_KEY_VERSION, cacheKey, createModelCache } from '../../src/kit/model/cache.js';
import { ModelError } from '../../src/kit/model/provider.js';
import { fakeModel } from './helpers/fake-model.js';
import { tempDir } from './helpers/temp-dir.js';

const request = { messages: [{ role: 'user' as const, content: 'hi' }], json: true };

const ENDPOINT = 'http://127.0.0.1:9/v1';
const keyOf = (over: Partial<Parameters<typeof cacheKey>[0]> = {}) => cacheKey({ endpoint: ENDPOINT, model: 'fake-model', modelVersion: 'fake-model', request, caseId: 'c1', repeat: 0, ...over });

describe('model answer cache', () => {
  it('asks the first question of a run live (the probe), then serves repeated calls from disk as first measured', async () => {
    const dir = tempDir('cache');
    const model = fakeModel('{"label":"bug"}');
    const first = createModelCache(model, dir, ENDPOINT);
    await first.forCase('c1').complete(request);
    const a = await first.forCase('c2').complete(request);
    const again = createModelCache(model, dir, ENDPOINT);
    const probe = again.forCase('c1');
    await probe.complete(request);
    expect(probe.hits).toBe(0);
    const served = again.forCase('c2');
    const b = await served.complete(request);
    expect(served.hits).toBe(1);
    expect(model.calls).toHaveLength(3);
    expect(b).toEqual(a);
    expect(served.usage).toMatchObject({ calls: 1, totalTokens: 110 });
  });

  it('keys by endpoint, model, reported version, the full request, case, repeat and key format', () => {
    const base = keyOf();
    expect(keyOf()).toBe(base);
    expect(keyOf({ endpoint: `${ENDPOINT}/` })).toBe(base); // a trailing slash is the same endpoint
    expect(keyOf({ endpoint: 'http://127.0.0.1:10/v1' })).not.toBe(base);
    expect(keyOf({ model: 'other' })).not.toBe(base);
    expect(keyOf({ modelVersion: 'fake-model-2027-01-01' })).not.toBe(base);
    expect(keyOf({ request: { ...request, messages: [{ role: 'user', content: 'hi!' }] } })).not.toBe(base);
    expect(keyOf({ request: { ...request, temperature: 0.7 } })).not.toBe(base);
    expect(keyOf({ request: { ...request, maxTokens: 10 } })).not.toBe(base);
    expect(keyOf({ caseId: 'c2' })).not.toBe(base);
    expect(keyOf({ repeat: 1 })).not.toBe(base);
    expect(CACHE_KEY_VERSION).toBe(2);
  });

  it('misses every answer once the API reports a new model version behind the same name', async () => {
    const dir = tempDir('cache');
    let version = 'fake-model-v1';
    const base = fakeModel('{}');
    const model = { ...base, complete: async (r: typeof request) => ({ ...(await base.complete(r)), model: version }) };
    const first = createModelCache(model, dir, ENDPOINT);
    await first.forCase('c1').complete(request);
    await first.forCase('c2').complete(request);
    version = 'fake-model-v2';
    const second = createModelCache(model, dir, ENDPOINT);
    await second.forCase('c1').complete(request);
    const c2 = second.forCase('c2');
    await c2.complete(request);
    expect(c2.hits).toBe(0);
    expect(base.calls).toHaveLength(4);
  });

  it('treats a corrupt entry as a miss and never caches errors', async () => {
    const dir = tempDir('cache');
    const model = fakeModel('{}');
    const first = createModelCache(model, dir, ENDPOINT);
    await first.forCase('c1').complete(request);
    await first.forCase('c2').complete(request);
    const key = keyOf({ caseId: 'c2' });
    writeFileSync(join(dir, key.slice(0, 2), `${key}.json`), '{"torn');
    const reread = createModelCache(model, dir, ENDPOINT);
    await reread.forCase('c1').complete(request);
    const c2 = reread.forCase('c2');
    await c2.complete(request);
    expect(c2.hits).toBe(0);
    expect(model.calls).toHaveLength(4);

    const failing = { ...fakeModel('{}'), complete: async () => Promise.reject(new ModelError('down', 503)) };
    const empty = tempDir('cache');
    await expect(createModelCache(failing, empty, ENDPOINT).forCase('c1').complete(request)).rejects.toThrow('down');
    expect(readdirSync(empty)).toEqual([]);
  });
});

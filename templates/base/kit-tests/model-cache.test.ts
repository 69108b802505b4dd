import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, createModelCache } from '../../src/kit/model/cache.js';
import { ModelError } from '../../src/kit/model/provider.js';
import { fakeModel } from './helpers/fake-model.js';
import { tempDir } from './helpers/temp-dir.js';

const request = { messages: [{ role: 'user' as const, content: 'hi' }], json: true };

describe('model answer cache', () => {
  it('serves a repeated call from disk, with the usage and latency first measured', async () => {
    const dir = tempDir('cache');
    const model = fakeModel('{"label":"bug"}');
    const first = createModelCache(model, dir).forCase('c1');
    const a = await first.complete(request);
    expect(first.hits).toBe(0);
    const again = createModelCache(model, dir).forCase('c1');
    const b = await again.complete(request);
    expect(again.hits).toBe(1);
    expect(model.calls).toHaveLength(1);
    expect(b).toEqual(a);
    expect(again.usage).toMatchObject({ calls: 1, totalTokens: 110 });
  });

  it('keys by model, prompt, case and repeat', () => {
    const base = cacheKey('m', request, 'c1', 0);
    expect(cacheKey('m', request, 'c1', 0)).toBe(base);
    expect(cacheKey('other', request, 'c1', 0)).not.toBe(base);
    expect(cacheKey('m', { ...request, messages: [{ role: 'user', content: 'hi!' }] }, 'c1', 0)).not.toBe(base);
    expect(cacheKey('m', request, 'c2', 0)).not.toBe(base);
    expect(cacheKey('m', request, 'c1', 1)).not.toBe(base);
  });

  it('treats a corrupt entry as a miss and never caches errors', async () => {
    const dir = tempDir('cache');
    const key = cacheKey('fake-model', request, 'c1', 0);
    const model = fakeModel('{}');
    await createModelCache(model, dir).forCase('c1').complete(request);
    writeFileSync(join(dir, key.slice(0, 2), `${key}.json`), '{"torn');
    const reread = createModelCache(model, dir).forCase('c1');
    await reread.complete(request);
    expect(reread.hits).toBe(0);
    expect(model.calls).toHaveLength(2);

    const failing = { ...fakeModel('{}'), complete: async () => Promise.reject(new ModelError('down', 503)) };
    const empty = tempDir('cache');
    await expect(createModelCache(failing, empty).forCase('c1').complete(request)).rejects.toThrow('down');
    expect(readdirSync(empty)).toEqual([]);
  });
});

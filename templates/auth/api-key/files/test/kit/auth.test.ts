import { describe, expect, it } from 'vitest';
import { newKey, parseDigests, sha256Hex } from '../../src/kit/auth/api-key.js';
import type { AuthRequest, Principal } from '../../src/kit/auth/hooks.js';
import { createAuth } from '../../src/auth.js';
import { npmScript } from './helpers/npm-script.js';

const { key, digest } = newKey();
const other = newKey();
const request = (authorization?: string): AuthRequest => ({
  method: 'POST',
  url: '/v1/x',
  headers: authorization === undefined ? {} : { authorization },
});

describe('api-key auth', () => {
  const auth = createAuth({ PILOT_API_KEYS: `${other.digest}, ${digest}` });

  it('accepts a valid key and names the principal without the key', async () => {
    const principal = (await auth.authenticate(request(`Bearer ${key}`))) as Principal;
    expect(principal).toMatchObject({ kind: 'service', id: `api-key:${digest.slice(0, 12)}` });
    expect(JSON.stringify(principal)).not.toContain(key);
    expect(await auth.authorize(principal, 'pipeline:run', 'use-case:x')).toBe(true);
  });

  it('rejects missing, malformed and unknown credentials, saying which', async () => {
    expect(await auth.authenticate(request())).toEqual({ refused: 'missing' });
    expect(await auth.authenticate(request(key))).toEqual({ refused: 'malformed' });
    expect(await auth.authenticate(request(`Basic ${key}`))).toEqual({ refused: 'malformed' });
    expect(await auth.authenticate(request('Bearer '))).toEqual({ refused: 'malformed' });
    expect(await auth.authenticate(request(`Bearer ${key}x`))).toEqual({ refused: 'unknown_key' });
    // The digest itself is not a key.
    expect(await auth.authenticate(request(`Bearer ${digest}`))).toEqual({ refused: 'unknown_key' });
  });

  it('stores digests only and refuses a raw key in PILOT_API_KEYS', () => {
    expect(digest).toBe(sha256Hex(key));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(() => parseDigests(key)).toThrow(/not a sha256 hex digest/);
    expect(() => createAuth({ PILOT_API_KEYS: `${digest},${key}` })).toThrow(/entry 2/);
  });

  it('denies everyone when no key is configured', async () => {
    const none = createAuth({});
    expect(none.describe().configured).toBe(false);
    expect(await none.authenticate(request(`Bearer ${key}`))).toEqual({ refused: 'unknown_key' });
  });

  it('denies actions a key was not granted', async () => {
    const principal = (await auth.authenticate(request(`Bearer ${key}`))) as Principal;
    expect(await auth.authorize(principal, 'admin:everything' as never, 'service')).toBe(false);
  });
});

describe('npm run auth:new-key', () => {
  it('prints its usage for --help and one line for a bad flag (exit 2), making no key either way', { timeout: 60_000 }, async () => {
    // It names the manager running these tests: npm run passes on the npm_config_user_agent it was given.
    const help = await npmScript(process.cwd(), 'auth:new-key', ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: (npm|pnpm|yarn|bun) run auth:new-key\n/);
    expect(help.stdout).not.toMatch(/^key:/m);
    const bad = await npmScript(process.cwd(), 'auth:new-key', ['--length', '64']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^auth:new-key: unknown option "--length"; (npm|pnpm|yarn|bun) run auth:new-key -- --help lists the options\n$/);
    expect(bad.stdout).toBe('');
  });
});

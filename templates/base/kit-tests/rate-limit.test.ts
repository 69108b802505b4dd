import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { readServerConfig } from '../../src/kit/server/config.js';
import { rateLimitRedis } from '../../src/kit/server/rate-limit.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const route = `/v1/${useCase}`;
const apps: Array<ReturnType<typeof buildServer>> = [];
const clients: Redis[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const client of clients.splice(0)) client.disconnect();
});

describe('rate limiting', () => {
  it('limits each principal separately and says when to retry', async () => {
    const app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, rateLimit: { max: 2, windowMs: 60_000 } });
    apps.push(app);
    const call = (headers: Record<string, string>) => app.inject({ method: 'POST', url: route, headers, payload: validInput });
    expect((await call(good)).statusCode).toBe(200);
    expect((await call(good)).statusCode).toBe(200);
    const limited = await call(good);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/at most 2 requests/) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another caller has its own budget, unauthenticated requests use none, and health stays up.
    expect((await call({ authorization: 'Bearer other' })).statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await call({})).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses a Redis URL that would send its password in clear text', () => {
    expect(readServerConfig({ PILOT_REDIS_URL: 'redis://127.0.0.1:6379' }).rateLimit.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(readServerConfig({ PILOT_REDIS_URL: 'rediss://:pw@redis.internal:6380' }).rateLimit.redisUrl).toBe('rediss://:pw@redis.internal:6380');
    expect(() => readServerConfig({ PILOT_REDIS_URL: 'redis://:pw@redis.internal:6379' })).toThrow(/PILOT_REDIS_URL sends its password in clear text to redis\.internal: use rediss:\/\//);
    expect(() => readServerConfig({ PILOT_REDIS_URL: 'http://redis.internal' })).toThrow(/must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => readServerConfig({ PILOT_REDIS_URL: 'not a url' })).toThrow(/PILOT_REDIS_URL is not a URL/);
  });
});

// A real redis-server: .ci/run starts one and sets PILOT_TEST_REDIS_URL. Elsewhere, without it,
// these tests skip and say so; on CI a missing server is an error, not a skip.
const redisUrl = process.env.PILOT_TEST_REDIS_URL;
if (!redisUrl && process.env.CI) throw new Error('PILOT_TEST_REDIS_URL is not set: .ci/run must start redis-server for the shared rate-limit tests');
if (!redisUrl) console.warn('rate-limit.test.ts: PILOT_TEST_REDIS_URL is not set, skipping the shared (Redis) rate-limit tests');

describe.skipIf(!redisUrl)('rate limiting shared through Redis (PILOT_TEST_REDIS_URL)', () => {
  async function instance(max: number, keyPrefix: string) {
    const redis = rateLimitRedis(redisUrl!);
    clients.push(redis);
    await new Promise<void>((resolve, reject) => (redis.status === 'ready' ? resolve() : redis.once('ready', resolve).once('error', reject)));
    const app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, rateLimit: { max, windowMs: 60_000, redisKeyPrefix: keyPrefix }, redis });
    apps.push(app);
    return app;
  }

  it('allows the configured limit in total across two instances for one principal, not twice it', async () => {
    const prefix = `pilot-test-${randomUUID()}:`; // this run's own keys
    const [a, b] = [await instance(5, prefix), await instance(5, prefix)];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const app = i % 2 === 0 ? a : b;
      statuses.push((await app.inject({ method: 'POST', url: route, headers: good, payload: validInput })).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // Another principal still has its whole budget, on either instance.
    expect((await b.inject({ method: 'POST', url: route, headers: { authorization: 'Bearer other' }, payload: validInput })).statusCode).toBe(200);
    const readyz = await a.inject({ method: 'GET', url: '/readyz', headers: { authorization: 'Bearer other' } });
    expect(readyz.json().checks.rateLimitStore).toBe('ok');
  });

  it('answers 503, not 200 nor 500, when the shared store cannot be reached, and /readyz says so', async () => {
    const app = await instance(5, `pilot-test-${randomUUID()}:`);
    clients[0]!.disconnect(); // as if Redis went away
    const res = await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'rate_limit_unavailable', message: expect.stringMatching(/PILOT_REDIS_URL/) });
    const readyz = await app.inject({ method: 'GET', url: '/readyz', headers: good });
    expect(readyz.statusCode).toBe(503);
    expect(readyz.json().checks.rateLimitStore).toMatch(/^error: Redis \(PILOT_REDIS_URL\) is (closing|end|close|reconnecting)/);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

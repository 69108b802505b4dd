import { afterEach, describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const route = `/v1/${useCase}`;
let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('rate limiting', () => {
  it('limits each principal separately and says when to retry', async () => {
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, rateLimit: { max: 2, windowMs: 60_000 } });
    const call = (headers: Record<string, string>) => app!.inject({ method: 'POST', url: route, headers, payload: validInput });
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
});

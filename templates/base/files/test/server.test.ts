import { afterEach, describe, expect, it } from 'vitest';
import type { AuthHooks } from '../src/auth/hooks.js';
import { denyAll, hasScope } from '../src/auth/hooks.js';
import type { ChatModel } from '../src/model/provider.js';
import { useCase } from '../src/pipeline.js';
import { buildServer } from '../src/server.js';
import { invalidInput, invalidAnswer, validAnswer, validInput } from './fixtures/use-case.js';
import { fakeModel } from './helpers/fake-model.js';

/** Test double: "good" may do everything, "readonly" is known but granted nothing. */
const fakeAuth: AuthHooks = {
  describe: () => ({ kind: 'fake', configured: true, detail: 'test double' }),
  async authenticate(request) {
    const header = request.headers.authorization;
    if (header === 'Bearer good') return { id: 'test:good', kind: 'service', scopes: ['pipeline:run', 'service:status'] };
    if (header === 'Bearer readonly') return { id: 'test:readonly', kind: 'service', scopes: [] };
    return null;
  },
  authorize: async (principal, action) => hasScope(principal, action),
};

const route = `/v1/${useCase}`;
const good = { authorization: 'Bearer good' };
let app: ReturnType<typeof buildServer> | undefined;

function server(model: ChatModel | null, auth: AuthHooks = fakeAuth) {
  app = buildServer({ model, auth, bodyLimitBytes: 2048 });
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('service boundary', () => {
  it('serves /healthz without credentials', async () => {
    const res = await server(null).inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers 401 without credentials or with bad ones, before reading the body', async () => {
    const s = server(fakeModel(validAnswer));
    const none = await s.inject({ method: 'POST', url: route, payload: validInput });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const bad = await s.inject({ method: 'POST', url: route, headers: { authorization: 'Bearer nope' }, payload: validInput });
    expect(bad.statusCode).toBe(401);
    const readyz = await s.inject({ method: 'GET', url: '/readyz' });
    expect(readyz.statusCode).toBe(401);
  });

  it('denies everyone when no auth is configured', async () => {
    const res = await server(fakeModel(validAnswer), denyAll).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 when the principal lacks the action', async () => {
    const res = await server(fakeModel(validAnswer)).inject({ method: 'POST', url: route, headers: { authorization: 'Bearer readonly' }, payload: validInput });
    expect(res.statusCode).toBe(403);
  });

  it('answers 400 with the issues for a body that fails the input schema', async () => {
    const s = server(fakeModel(validAnswer));
    const res = await s.inject({ method: 'POST', url: route, headers: good, payload: invalidInput });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_input' });
    expect(res.json().issues.length).toBeGreaterThan(0);
    const empty = await s.inject({ method: 'POST', url: route, headers: good });
    expect(empty.statusCode).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await server(fakeModel(validAnswer)).inject({
      method: 'POST',
      url: route,
      headers: { ...good, 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
  });

  it('answers 200 with the output and review pending', async () => {
    const model = fakeModel(validAnswer);
    const res = await server(model).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ useCase, review: 'pending', model: 'fake-model', output: JSON.parse(validAnswer) });
    expect(model.calls).toHaveLength(1);
  });

  it('answers 503 with a clear message when no model is configured', async () => {
    const s = server(null);
    const res = await s.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/PILOT_MODEL/);
    expect((await s.inject({ method: 'GET', url: '/readyz', headers: good })).statusCode).toBe(503);
  });

  it('answers 502 and names the issues when the model answer is invalid', async () => {
    const res = await server(fakeModel(invalidAnswer)).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ error: 'invalid_model_output' });
  });

  it('is ready with a model configured', async () => {
    const res = await server(fakeModel(validAnswer)).inject({ method: 'GET', url: '/readyz', headers: good });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { model: 'ok' } });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type AuthHooks, AuthUnavailableError, denyAll } from '../../src/kit/auth/hooks.js';
import type { Connector } from '../../src/kit/connectors/connector.js';
import type { ChatModel } from '../../src/kit/model/provider.js';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { invalidInput, invalidAnswer, validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const route = `/v1/${useCase}`;
let app: ReturnType<typeof buildServer> | undefined;

function server(model: ChatModel | null, auth: AuthHooks = fakeAuth, connector: Connector | null = null) {
  app = buildServer({ model, auth, connector, bodyLimitBytes: 2048 });
  return app;
}

const connectorThat = (read: Connector['read']): Connector => ({
  describe: () => ({ kind: 'fake', source: 'test', isSample: true }),
  read,
  sample: async () => [],
  close: async () => undefined,
});

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
    expect(none.json()).toMatchObject({ error: 'unauthenticated' });
    const bad = await s.inject({ method: 'POST', url: route, headers: { authorization: 'Bearer nope' }, payload: validInput });
    expect(bad.statusCode).toBe(401);
    // Even a body over the limit gets 401 first: nobody unauthenticated makes us read a body.
    const big = await s.inject({ method: 'POST', url: route, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'x'.repeat(4096) }) });
    expect(big.statusCode).toBe(401);
    expect((await s.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(401);
    expect((await s.inject({ method: 'POST', url: '/v1/feedback', payload: {} })).statusCode).toBe(401);
  });

  it('hides unknown routes behind auth: 401 without credentials, 404 with', async () => {
    const s = server(null);
    expect((await s.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(401);
    const res = await s.inject({ method: 'GET', url: '/admin', headers: good });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });

  it('denies everyone when no auth is configured', async () => {
    const res = await server(fakeModel(validAnswer), denyAll).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 when the principal lacks the action', async () => {
    const res = await server(fakeModel(validAnswer)).inject({ method: 'POST', url: route, headers: { authorization: 'Bearer readonly' }, payload: validInput });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: 'forbidden' });
  });

  it('answers 503, not 401, when the identity provider cannot be reached', async () => {
    const down: AuthHooks = { ...fakeAuth, authenticate: async () => Promise.reject(new AuthUnavailableError('jwks down')) };
    const res = await server(fakeModel(validAnswer), down).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'auth_unavailable' });
  });

  it('answers 500 and never runs the route when auth fails unexpectedly', async () => {
    const model = fakeModel(validAnswer);
    const failing: AuthHooks[] = [
      { ...fakeAuth, authenticate: async () => Promise.reject(new Error('bug in authenticate')) },
      { ...fakeAuth, authorize: async () => Promise.reject(new Error('bug in authorize')) },
      // Against the interface, but it must still not let the request through.
      {
        ...fakeAuth,
        authenticate: () => {
          throw new Error('sync throw');
        },
      },
      { ...fakeAuth, authenticate: async () => Promise.reject(undefined) },
    ];
    for (const auth of failing) {
      const res = await server(model, auth).inject({ method: 'POST', url: route, headers: good, payload: validInput });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ error: 'internal_error' });
      await app?.close();
      app = undefined;
    }
    expect(model.calls).toHaveLength(0);
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

  it('answers 400 malformed_json for a body that is not JSON', async () => {
    const res = await server(fakeModel(validAnswer)).inject({ method: 'POST', url: route, headers: { ...good, 'content-type': 'application/json' }, payload: '{"subject": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'malformed_json', message: 'The body is not valid JSON.' });
  });

  it('answers 413 for a body over the limit, naming the limit', async () => {
    const res = await server(fakeModel(validAnswer)).inject({
      method: 'POST',
      url: route,
      headers: { ...good, 'content-type': 'application/json' },
      payload: JSON.stringify({ padding: 'x'.repeat(4096) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'body_too_large', message: expect.stringMatching(/2048 bytes \(PILOT_BODY_LIMIT_BYTES\)/) });
  });

  it('answers 415 for a body that is not JSON at all, text/plain included', async () => {
    const model = fakeModel(validAnswer);
    const s = server(model);
    for (const [type, payload] of [
      ['application/xml', '<a/>'],
      ['text/plain', JSON.stringify(validInput)],
      ['text/plain; charset=utf-8', 'hello'],
      ['application/x-www-form-urlencoded', 'a=1'],
    ]) {
      const res = await s.inject({ method: 'POST', url: route, headers: { ...good, 'content-type': type! }, payload });
      expect(res.statusCode, type).toBe(415);
      expect(res.json()).toMatchObject({ error: 'unsupported_media_type', message: expect.stringMatching(/application\/json/) });
    }
    expect(model.calls).toHaveLength(0);
  });

  it('answers 200 with the output, review pending, and a request id of its own', async () => {
    const model = fakeModel(validAnswer);
    const res = await server(model).inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ useCase, review: 'pending', model: 'fake-model', output: JSON.parse(validAnswer), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
    expect(model.calls).toHaveLength(1);
  });

  it('never reuses a caller-chosen x-request-id as the request id', async () => {
    const s = server(fakeModel(validAnswer));
    const call = () => s.inject({ method: 'POST', url: route, headers: { ...good, 'x-request-id': 'abc-123' }, payload: validInput });
    const [first, second] = [await call(), await call()];
    expect(first.json().requestId).not.toBe('abc-123');
    expect(first.headers['x-request-id']).not.toBe('abc-123');
    expect(first.json().requestId).not.toBe(second.json().requestId); // two calls, two ids, whatever the callers send
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

  it('is ready with a model configured and a reachable connector, not with a broken one', async () => {
    const res = await server(fakeModel(validAnswer)).inject({ method: 'GET', url: '/readyz', headers: good });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { model: 'ok', audit: 'ok' } });
    await app?.close();
    const ok = await server(
      fakeModel(validAnswer),
      fakeAuth,
      connectorThat(async () => []),
    ).inject({ method: 'GET', url: '/readyz', headers: good });
    expect(ok.json()).toEqual({ ready: true, checks: { model: 'ok', audit: 'ok', connector: 'ok' } });
    await app?.close();
    const broken = connectorThat(async () => Promise.reject(new Error('DATABASE_URL is not set')));
    const down = await server(fakeModel(validAnswer), fakeAuth, broken).inject({ method: 'GET', url: '/readyz', headers: good });
    expect(down.statusCode).toBe(503);
    expect(down.json().checks.connector).toBe('error: DATABASE_URL is not set');
  });
});

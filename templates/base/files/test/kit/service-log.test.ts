/**
 * The service log holds no query strings, no raw paths, no credentials and no one's email: Fastify's
 * request line is logged with the route pattern, from callers authenticated or not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { type AuthHooks, refuse } from '../../src/kit/auth/hooks.js';
import { buildServer } from '../../src/kit/server.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good, person } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';
import { logLines } from './helpers/log-lines.js';

const route = `/v1/${useCase}`;
let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('the service log', () => {
  it('logs routes, not URLs, and no tokens, keys or emails', async () => {
    const { lines, logger } = logLines('info');
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, logger });
    const calls = [
      { method: 'GET' as const, url: '/x/john@example.com?key=sk-live-secret&email=jane@example.com' },
      { method: 'GET' as const, url: '/x/john@example.com', headers: good },
      { method: 'POST' as const, url: `${route}?token=tok-secret&email=jane@example.com`, headers: person, payload: validInput },
      { method: 'POST' as const, url: `${route}?api_key=sk-live-secret`, headers: { authorization: 'Bearer sk-live-secret' }, payload: validInput },
    ];
    const statuses = [];
    for (const call of calls) statuses.push((await app.inject(call)).statusCode);
    expect(statuses).toEqual([401, 404, 200, 401]);

    const text = lines.join('');
    for (const secret of ['john@example.com', 'jane', 'sk-live-secret', 'tok-secret', 'key=', 'Bearer']) expect(text).not.toContain(secret);
    const requests = lines.map((line) => JSON.parse(line) as { msg: string; req?: Record<string, unknown> }).filter((line) => line.msg === 'incoming request');
    expect(requests.map((line) => line.req)).toEqual([
      { method: 'GET', route: '(no route)', remoteAddress: '127.0.0.1' },
      { method: 'GET', route: '(no route)', remoteAddress: '127.0.0.1' },
      { method: 'POST', route, remoteAddress: '127.0.0.1' },
      { method: 'POST', route, remoteAddress: '127.0.0.1' },
    ]);
  });

  it('says why a caller got 401, at info, never with the credential', async () => {
    const { lines, logger } = logLines('info');
    const refusing: AuthHooks = {
      ...fakeAuth,
      authenticate: async (request) => (request.headers.authorization === 'Bearer old-secret-token' ? refuse('expired') : fakeAuth.authenticate(request)),
    };
    app = buildServer({ model: fakeModel(validAnswer), auth: refusing, logger });
    for (const headers of [{ authorization: 'Bearer old-secret-token' }, { authorization: 'Bearer unknown-secret' }, good]) {
      await app.inject({ method: 'POST', url: route, headers, payload: validInput });
    }
    const failed = lines.map((line) => JSON.parse(line) as { msg: string; reason?: string; level: number }).filter((line) => line.msg === 'auth_failed');
    // A hook that answers null gives no reason; the guard still says a 401 happened.
    expect(failed.map((line) => [line.reason, line.level])).toEqual([
      ['expired', 30],
      ['unspecified', 30],
    ]);
    expect(lines.join('')).not.toMatch(/secret/);
  });

  it("writes Fastify's request lines through the service log: one in, one completed, with the request's id", async () => {
    const { lines, logger } = logLines('info');
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, logger });
    const answered = await app.inject({ method: 'POST', url: route, headers: person, payload: validInput });
    const refused = await app.inject({ method: 'GET', url: '/healthz/nope' });
    app.log.warn('from the app');
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string; res?: { statusCode: number }; responseTime?: number; level: number });
    const completed = parsed.filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => [line.reqId, line.res?.statusCode])).toEqual([
      [answered.headers['x-request-id'], 200],
      [refused.headers['x-request-id'], 401],
    ]);
    for (const line of completed) expect(line.responseTime).toBeGreaterThanOrEqual(0);
    const incoming = parsed.filter((line) => line.msg === 'incoming request').map((line) => line.reqId);
    expect(incoming).toEqual(completed.map((line) => line.reqId));
    expect(parsed.at(-1)).toMatchObject({ msg: 'from the app', level: 40 });
    expect(parsed.at(-1)).not.toHaveProperty('reqId');
  });

  it('writes no request lines at warn, but still what a request logs at warn', async () => {
    const { lines, logger } = logLines('warn');
    app = buildServer({ model: fakeModel('not json'), auth: fakeAuth, logger });
    const reply = await app.inject({ method: 'POST', url: route, headers: person, payload: validInput });
    expect(reply.statusCode).toBe(502);
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string });
    expect(parsed.map((line) => line.msg)).toEqual(['model answer failed validation']);
    expect(parsed[0]?.reqId).toBe(reply.headers['x-request-id']);
  });
});

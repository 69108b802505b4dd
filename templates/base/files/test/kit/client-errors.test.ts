/**
 * What the router and Node's HTTP parser refuse (bad URLs, unknown methods, content-length
 * tricks, oversized headers, slow clients) is answered in the service's own `{error, message}`
 * shape, never Fastify's, and each request leaves one audit line with the status it was given.
 */
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import type { AuditRecord } from '../../src/kit/server/audit.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const route = `/v1/${useCase}`;
// Small bounds, so the slow clients below are cut off soon; nothing here measures time.
const TIMEOUTS = { headersMs: 400, requestMs: 800, keepAliveMs: 5_000, idleMs: 10_000 };

let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(records: AuditRecord[]): Promise<number> {
  app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, timeouts: TIMEOUTS, audit: (r) => void records.push(r) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/** Writes `text` on a fresh socket and returns everything the server sent until it closed the socket. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
  });
}

/** Each HTTP response in `raw`: its status and its JSON body. */
function responses(raw: string): Array<{ status: number; requestId: string | undefined; body: unknown }> {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n(\{[^\r\n]*?\})(?=HTTP\/1\.1 |$)/g)].map((m) => ({
    status: Number(m[1]),
    requestId: /x-request-id: ([^\r]+)/i.exec(m[2]!)?.[1],
    body: JSON.parse(m[3]!),
  }));
}

describe('requests refused before any route', () => {
  it('answers a URL the router cannot decode with 400 bad_url, without echoing it, and audits it', async () => {
    const records: AuditRecord[] = [];
    app = buildServer({ model: null, auth: fakeAuth, audit: (r) => void records.push(r) });
    for (const url of ['/%zz', '//%', `${route}/%E0%A4%A`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ error: 'bad_url', message: 'The URL is not valid: a % must be followed by two hex digits.' });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(records.map((r) => [r.method, r.route, r.status, r.outcome, r.principal])).toEqual(Array(3).fill(['GET', null, 400, 'bad_url', null]));
  });

  it('answers what the HTTP parser refuses (unknown method, content-length mismatch, TE with CL) in its own shape, one audit line each', async () => {
    const records: AuditRecord[] = [];
    const port = await listening(records);
    const body = JSON.stringify(validInput);

    const unknownMethod = responses(await exchange(port, `FROB ${route} HTTP/1.1\r\nhost: x\r\n\r\n`));
    expect(unknownMethod).toEqual([{ status: 400, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), body: { error: 'malformed_request', message: expect.stringContaining('not valid HTTP/1.1') } }]);

    // content-length says 2: `{}` is the request, the rest is read as a next request and refused.
    const mismatch = responses(await exchange(port, `POST ${route} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer good\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}${body}`));
    expect(mismatch.map((r) => [r.status, (r.body as { error: string }).error])).toEqual([
      [400, 'invalid_input'],
      [400, 'malformed_request'],
    ]);

    const teWithCl = responses(await exchange(port, `POST ${route} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n0\r\n\r\n`));
    expect(teWithCl.map((r) => [r.status, (r.body as { error: string }).error])).toEqual([[400, 'malformed_request']]);

    expect(records.map((r) => [r.status, r.outcome])).toEqual([
      [400, 'malformed_request'],
      [400, 'invalid_input'],
      [400, 'malformed_request'],
      [400, 'malformed_request'],
    ]);
    // Each line names the request id its answer carried.
    expect(records[0]?.requestId).toBe(unknownMethod[0]?.requestId);
  });

  it('answers headers over the size limit with 431 headers_too_large, and audits it', async () => {
    const records: AuditRecord[] = [];
    const port = await listening(records);
    const [answer, ...more] = responses(await exchange(port, `GET /healthz HTTP/1.1\r\nhost: x\r\nx-padding: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ status: 431, body: { error: 'headers_too_large' } });
    expect(records.map((r) => [r.status, r.outcome, r.requestId])).toEqual([[431, 'headers_too_large', answer?.requestId]]);
  });

  it('answers slow headers and a slow body with 408 request_timeout, audited as 408 (not as a reset)', { timeout: 15_000 }, async () => {
    const records: AuditRecord[] = [];
    const port = await listening(records);
    const slowHeaders = responses(await exchange(port, 'GET /healthz HTTP/1.1\r\nhost: x\r\n'));
    const slowBody = responses(await exchange(port, `POST ${route} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer good\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"subj`));
    for (const answer of [...slowHeaders, ...slowBody]) expect(answer).toMatchObject({ status: 408, body: { error: 'request_timeout' } });
    expect([slowHeaders.length, slowBody.length]).toEqual([1, 1]);
    expect(records.map((r) => [r.route, r.status, r.outcome])).toEqual([
      [null, 408, 'request_timeout'],
      [route, 408, 'request_timeout'],
    ]);
    expect(records[1]).toMatchObject({ principal: 'test:good', requestId: slowBody[0]?.requestId });
  });
});

/**
 * The http connector against a REST API served on 127.0.0.1 by this test: pagination (Link
 * header, next URL, cursor), the bearer token, retries on 429/5xx, timeouts, bad pages.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/kit/connectors/connector.js';
import { createHttpConnector, nextLink } from '../../src/kit/connectors/http.js';
import { createConnector } from '../../src/connector.js';

const TOKEN = 'test-token-123';
const reader: Principal = { id: 'test:reader', kind: 'user', scopes: [] };
const records = Array.from({ length: 25 }, (_, i) => ({ id: `t-${i + 1}`, subject: i % 5 === 0 ? 'Refund please' : `Question ${i + 1}`, team: i % 2 ? 'a' : 'b' }));

let server: Server;
let origin = '';
let hits: string[] = [];
/** Per-path behaviour the tests switch on. */
let failFirst = 0;
let delayMs = 0;
let hugeBytesSent = 0;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', origin);
  hits.push(`${url.pathname}${url.search}`);
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, { error: 'unauthorized' });
  const page = Number(url.searchParams.get('page') ?? '1');
  const slice = (n: number) => records.slice((n - 1) * 10, n * 10);
  switch (url.pathname) {
    case '/link': // array bodies, Link header pagination
      return send(res, 200, slice(page), page < 3 ? { link: `<${origin}/link?page=${page + 1}>; rel="next", <${origin}/link?page=3>; rel="last"` } : {});
    case '/wrapped': {
      // {data, next} with a cursor token
      const cursor = Number(url.searchParams.get('cursor') ?? '1');
      return send(res, 200, { data: slice(cursor), next: cursor < 3 ? String(cursor + 1) : null });
    }
    case '/flaky':
      if (failFirst > 0) {
        failFirst -= 1;
        return send(res, failFirst % 2 ? 503 : 429, { error: 'busy' }, { 'retry-after': '0' });
      }
      return send(res, 200, { items: slice(1) });
    case '/slow':
      setTimeout(() => send(res, 200, []), delayMs);
      return;
    case '/messy':
      return send(res, 200, { items: [{ id: 'ok-1', subject: 'fine' }, { subject: 'no id' }, 'text', { id: '', subject: 'empty id' }] });
    case '/escape':
      return send(res, 200, { items: slice(1), next: 'http://localhost:9/steal' });
    case '/loop':
      return send(res, 200, { items: slice(1), next: '/loop' });
    case '/moved':
      res.writeHead(302, { location: 'https://elsewhere.invalid/' }).end();
      return;
    case '/huge': {
      // 400 MB announced, streamed without a content-length: the client must stop early
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = () => {
        while (sent < 400 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          hugeBytesSent = sent;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      return more();
    }
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(400 * 1024 * 1024) }).flushHeaders();
      return;
    case '/html':
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      return;
  }
  const item = /^\/link\/(.+)$/.exec(url.pathname);
  const found = item && records.find((r) => r.id === decodeURIComponent(item[1] ?? ''));
  return found ? send(res, 200, { data: found }) : send(res, 404, { error: 'not found' });
}

const connector = (path: string, extra: Partial<Parameters<typeof createHttpConnector>[0]> = {}) =>
  createHttpConnector({ url: new URL(`${origin}${path}`), token: TOKEN, timeoutMs: 500, maxRetries: 3, baseDelayMs: 1, warn: () => undefined, ...extra });

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = [];
  failFirst = 0;
});

describe('http connector', () => {
  it('follows Link rel="next" pages and stops at the limit', async () => {
    const all = await connector('/link').read({ limit: 100 }, reader);
    expect(all.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(hits).toEqual(['/link', '/link?page=2', '/link?page=3']);
    hits = [];
    expect(await connector('/link').read({ limit: 5 }, reader)).toHaveLength(5);
    expect(hits).toEqual(['/link']); // no page fetched beyond what was needed
  });

  it('follows a cursor in the body, searches and samples across pages', async () => {
    const http = connector('/wrapped');
    const refunds = await http.read({ contains: 'REFUND' }, reader);
    expect(refunds.map((r) => r.id)).toEqual(['t-1', 't-6', 't-11', 't-16', 't-21']);
    expect(hits).toEqual(['/wrapped', '/wrapped?cursor=2', '/wrapped?cursor=3']);
    const sample = await http.sample(8, reader);
    expect(new Set(sample.map((r) => r.id)).size).toBe(8);
  });

  it('reads one record by id from its own URL; a 404 is no record', async () => {
    const http = connector('/link');
    expect(await http.read('t-3', reader)).toEqual([records[2]]);
    expect(await http.read('nope/../x', reader)).toEqual([]);
    expect(hits.at(-1)).toBe('/link/nope%2F..%2Fx');
  });

  it('applies the row-permission hook before the limit', async () => {
    const http = connector('/link', { canRead: (_p, row) => row.team === 'a' });
    const rows = await http.read({ limit: 100 }, reader);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.team === 'a')).toBe(true);
    expect(await http.read('t-1', reader)).toEqual([]);
  });

  it('retries 429 and 503 with backoff, then gives up naming the failure', async () => {
    failFirst = 3;
    expect(await connector('/flaky').read({}, reader)).toHaveLength(10);
    expect(hits).toHaveLength(4);
    failFirst = 10;
    await expect(connector('/flaky', { maxRetries: 2 }).read({}, reader)).rejects.toThrow(/\/flaky answered (429|503).*after 3 attempts/);
  });

  it('times out a hung request, per attempt', async () => {
    delayMs = 400;
    await expect(connector('/slow', { timeoutMs: 100, maxRetries: 1 }).read({}, reader)).rejects.toThrow(/timed out after 100 ms \(after 2 attempts\)/);
  });

  it('sends the bearer token, and says so when it is refused (without retrying)', async () => {
    await expect(connector('/link', { token: 'wrong' }).read({}, reader)).rejects.toThrow(/answered 401.*check PILOT_HTTP_TOKEN/);
    expect(hits).toHaveLength(1);
  });

  it('reports malformed records and never follows a next link to another origin or in a loop', async () => {
    const warnings: string[] = [];
    const rows = await connector('/messy', { warn: (m) => warnings.push(m) }).read({}, reader);
    expect(rows.map((r) => r.id)).toEqual(['ok-1']);
    expect(warnings).toEqual([
      'http source: page 1, item 2: skipped malformed record (no id)',
      'http source: page 1, item 3: skipped malformed record (not an object)',
      'http source: page 1, item 4: skipped malformed record (no id)',
    ]);
    await expect(connector('/escape').read({ limit: 100 }, reader)).rejects.toThrow(/another origin \(http:\/\/localhost:9\); refusing/);
    expect(hits.some((h) => h.includes('steal'))).toBe(false);
    const looping: string[] = [];
    expect(await connector('/loop', { warn: (m) => looping.push(m) }).read({ limit: 100 }, reader)).toHaveLength(10);
    expect(looping).toEqual([expect.stringMatching(/links back to a page already read/)]);
  });

  it('refuses redirects and bodies that are not JSON', async () => {
    await expect(connector('/moved').read({}, reader)).rejects.toThrow(/redirects \(302\) to https:\/\/elsewhere\.invalid\//);
    await expect(connector('/html').read({}, reader)).rejects.toThrow(/not JSON \(text\/html\)/);
  });

  it('refuses a response over the size cap, naming it, without reading the rest', async () => {
    const capped = (path: string) => connector(path, { maxResponseBytes: 1024 * 1024 });
    await expect(capped('/huge').read({}, reader)).rejects.toThrow(/a body of more than 1048576 bytes, over the cap of 1048576 bytes \(PILOT_HTTP_MAX_RESPONSE_BYTES\)/);
    // Refused early: the server got nowhere near sending its 400 MB before the socket went away.
    expect(hugeBytesSent).toBeLessThan(64 * 1024 * 1024);
    await expect(capped('/big-declared').read({}, reader)).rejects.toThrow(/a body of 419430400 bytes, over the cap of 1048576 bytes/);
    expect(hits.filter((h) => h.startsWith('/huge'))).toHaveLength(1); // not retried: a size does not change
    expect(() => createConnector({ PILOT_HTTP_URL: `${origin}/link`, PILOT_HTTP_MAX_RESPONSE_BYTES: '10' })).toThrow(/PILOT_HTTP_MAX_RESPONSE_BYTES/);
  });

  it('is configured from the environment, https only except on loopback', async () => {
    const unset = createConnector({});
    expect(unset.describe()).toMatchObject({ kind: 'http', isSample: true });
    await expect(unset.sample(1, reader)).rejects.toThrow(/PILOT_HTTP_URL is not set/);
    expect(() => createConnector({ PILOT_HTTP_URL: 'http://api.example.com/tickets' })).toThrow(/must use https/);
    expect(() => createConnector({ PILOT_HTTP_URL: `${origin}/link`, PILOT_HTTP_ITEM_URL: `${origin}/x` })).toThrow(/\{id\}/);
    const http = createConnector({ PILOT_HTTP_URL: `${origin}/link`, PILOT_HTTP_TOKEN: TOKEN });
    expect(http.describe()).toMatchObject({ isSample: false, source: `${origin}/link` });
    expect(await http.read({ limit: 3 }, reader)).toHaveLength(3);
  });

  it('parses Link headers', () => {
    expect(nextLink('<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last"')).toBe('https://a/x?page=2');
    expect(nextLink('<https://a/x?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

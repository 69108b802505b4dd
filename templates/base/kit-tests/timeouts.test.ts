/**
 * Slow clients cannot hold sockets: 50 connections drip their body (or their headers) one byte at
 * a time, with and without credentials, and the server closes each within the configured bound
 * while /healthz keeps answering. An idle keep-alive socket is closed too. The bounds are set
 * small here; the deadlines the test allows are those bounds plus Node's checking interval and
 * slack for a busy machine, far below how long the clients would otherwise hold on (10 s each).
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { readServerConfig } from '../../src/kit/server/config.js';
import { validAnswer } from '../fixtures/use-case.js';
import { fakeAuth } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const TIMEOUTS = { headersMs: 600, requestMs: 1_200, keepAliveMs: 400, idleMs: 5_000 };
const SLACK_MS = 1_500;
const DRIP_EVERY_MS = 100;

let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

interface Held {
  /** How long the socket stayed open, from connect to the server closing it. */
  heldMs: number;
  /** What the server sent before closing. */
  received: string;
}

/** Opens a socket, writes `head` at once, then one byte of `drip` every DRIP_EVERY_MS until the server closes it. */
function holdOpen(port: number, head: string, drip: string): Promise<Held> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    let sent = 0;
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    const timer = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++]!);
    }, DRIP_EVERY_MS);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset is one way of being closed
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ heldMs: Date.now() - started, received });
    });
  });
}

const body = JSON.stringify({ subject: 'x'.repeat(60), body: 'y'.repeat(60) });
const route = `/v1/${useCase}`;
const post = (auth: string) => `POST ${route} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${auth}\r\n`;

describe('request timeouts', () => {
  it('closes 50 slow-body and slow-header sockets within the bound, authenticated or not, while /healthz answers', { timeout: 20_000 }, async () => {
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, timeouts: TIMEOUTS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    const clients: Array<{ kind: string; held: Promise<Held> }> = [];
    for (let i = 0; i < 50; i++) {
      if (i % 5 === 4) {
        // Headers that never end (slowloris).
        clients.push({ kind: 'slow headers', held: holdOpen(port, `GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n`, 'x-padding: '.repeat(20)) });
      } else {
        const auth = i % 2 === 0 ? 'authorization: Bearer good\r\n' : '';
        clients.push({ kind: auth ? 'slow body, authenticated' : 'slow body, no credentials', held: holdOpen(port, post(auth), body) });
      }
    }

    // While they drip, the service answers others at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < 3; i++) expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const results = await Promise.all(clients.map(async ({ kind, held }) => ({ kind, ...(await held) })));
    for (const result of results) {
      const bound = result.kind === 'slow headers' ? TIMEOUTS.headersMs : TIMEOUTS.requestMs;
      expect(result.heldMs, `${result.kind}: held ${result.heldMs} ms`).toBeLessThan(bound + SLACK_MS);
    }
    // Each was answered or cut off, never served: 401 for no credentials, 408 for the timed-out ones.
    const statuses = new Set(results.map((r) => `${r.kind}: ${/^HTTP\/1\.1 (\d{3})/.exec(r.received)?.[1] ?? 'closed'}`));
    expect([...statuses].sort()).toEqual(['slow body, authenticated: 408', 'slow body, no credentials: 401', 'slow headers: 408']);
  });

  it('closes an idle keep-alive socket after the keep-alive bound', { timeout: 10_000 }, async () => {
    app = buildServer({ model: null, auth: fakeAuth, timeouts: TIMEOUTS });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const held = await holdOpen(port, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n', '');
    expect(held.received).toMatch(/^HTTP\/1\.1 200/);
    // Node closes an idle keep-alive socket about a second after keepAliveTimeout (its own margin for
    // the client's timer, so a client never reuses a socket the server is closing).
    expect(held.heldMs).toBeLessThan(TIMEOUTS.keepAliveMs + 1_000 + SLACK_MS);
  });
});

describe('timeout settings', () => {
  it('have bounded defaults and refuse unusable values, naming the variable', () => {
    expect(readServerConfig({}).timeouts).toEqual({ headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 150_000 });
    expect(readServerConfig({ PILOT_REQUEST_TIMEOUT_MS: '2000', PILOT_HEADERS_TIMEOUT_MS: '1000' }).timeouts).toMatchObject({ headersMs: 1000, requestMs: 2000 });
    expect(() => readServerConfig({ PILOT_REQUEST_TIMEOUT_MS: '0' })).toThrow(/PILOT_REQUEST_TIMEOUT_MS="0" is not a whole number between 100/);
    expect(() => readServerConfig({ PILOT_KEEP_ALIVE_TIMEOUT_MS: 'soon' })).toThrow(/PILOT_KEEP_ALIVE_TIMEOUT_MS/);
    expect(() => readServerConfig({ PILOT_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/PILOT_HEADERS_TIMEOUT_MS \(40000\) must not exceed PILOT_REQUEST_TIMEOUT_MS \(30000\)/);
  });
});

// The service boundary of a generated pilot, built to dist/ and started with its production command
// (the Dockerfile's: node dist/kit/server.js), called over HTTP on loopback; `npm start` is checked to
// build and boot the same service, and to drain an in-flight request on SIGTERM to npm's own PID.
import { readFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFixture, authFixture } from '../../support/credentials.js';
import { rightAnswers } from '../../support/eval-answers.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../support/fake-openai.js';
import { type EvalCase, npmRun, readCases, scaffoldPilot } from '../../support/pilot.js';
import { type RunningService, startService } from '../../support/service.js';

describe.each(['api-key', 'oidc', 'gateway'])('a pilot with %s auth', (auth) => {
  let dir: string;
  let model: FakeOpenAI;
  let credentials: AuthFixture;
  let service: RunningService;
  let sample: EvalCase;
  const auditFile = () => join(dir, 'audit.jsonl');
  const auditLines = async () =>
    (await readFile(auditFile(), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  /** Calls made to the audited route: each must leave exactly one audit line. */
  let audited = 0;

  beforeAll(async () => {
    dir = await scaffoldPilot({ auth });
    const build = await npmRun(dir, 'build');
    if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.all}`);
    const cases = await readCases(dir);
    sample = cases.find((c) => c.expected) ?? (cases[0] as EvalCase);
    model = await startFakeOpenAI({ answer: rightAnswers(cases) });
    credentials = await authFixture(auth);
    service = await startService(
      dir,
      {
        ...credentials.env,
        OPENAI_BASE_URL: model.baseUrl,
        OPENAI_API_KEY: 'test-key',
        PILOT_MODEL: 'service-model',
        PILOT_AUDIT_FILE: auditFile(),
      },
      'node dist/kit/server.js',
    );
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    service?.kill();
    await model?.close();
    await credentials?.close();
  });

  const call = (headers: Record<string, string>, body: string) => {
    audited += 1;
    return fetch(`${service.url}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  };

  it('answers health checks without credentials', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('refuses a call with no credentials: 401', async () => {
    expect((await call({}, JSON.stringify(sample.input))).status).toBe(401);
  });

  it('refuses a bad credential: 401', async () => {
    expect((await call(credentials.invalid, JSON.stringify(sample.input))).status).toBe(401);
  });

  it('answers a valid caller with the pipeline’s output, pending review: 200', async () => {
    const response = await call(credentials.valid, JSON.stringify(sample.input));
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(JSON.stringify(body)).toContain(JSON.stringify(sample.expected).slice(1, -1));
    expect(body.review ?? body.review_status).toBeTruthy();
  });

  it('refuses a body that is too large: 413', async () => {
    const huge = JSON.stringify({ ...sample.input, body: 'x'.repeat(2_000_000) });
    expect((await call(credentials.valid, huge)).status).toBe(413);
  });

  it('refuses a malformed body: 400', async () => {
    expect((await call(credentials.valid, '{"subject": ')).status).toBe(400);
    expect((await call(credentials.valid, JSON.stringify({ unexpected: true }))).status).toBe(400);
  });

  it('answers what Fastify and Node refuse in its own shape, audited like any call: a bad URL, an unknown method', async () => {
    audited += 1;
    const badUrl = await fetch(`${service.url}/%zz`);
    expect(badUrl.status).toBe(400);
    expect(await badUrl.json()).toEqual({ error: 'bad_url', message: expect.stringContaining('not valid') });
    audited += 1;
    const raw = await rawExchange(new URL(service.url), 'FROB /v1/classify HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain('{"error":"malformed_request"');
  });

  it('wrote one audit line per call, with no secrets or raw input in it', async () => {
    // Each line is written before its answer leaves, so all of them are there already.
    const lines = await auditLines();
    expect(lines).toHaveLength(audited);
    const text = JSON.stringify(lines);
    for (const secret of credentials.secrets) expect(text).not.toContain(secret);
    const body = String((sample.input as Record<string, unknown>).body ?? '');
    if (body.length > 20) expect(text).not.toContain(body);
    expect(lines.some((line) => JSON.stringify(line).includes('200'))).toBe(true);
    expect(lines.some((line) => JSON.stringify(line).includes('401'))).toBe(true);
  });

  it('drains and exits cleanly on SIGTERM, leaving every audit line whole', async () => {
    expect(await service.stop()).toBe(0);
    expect(await auditLines()).toHaveLength(audited);
  });
});

describe('npm start', () => {
  let dir: string;
  let model: FakeOpenAI;
  let credentials: AuthFixture;
  let service: RunningService | undefined;

  beforeAll(async () => {
    dir = await scaffoldPilot();
    const cases = await readCases(dir);
    // Slow enough that the SIGTERM below lands while the request is in flight.
    model = await startFakeOpenAI({ answer: rightAnswers(cases), latencyMs: 1_500 });
    credentials = await authFixture('api-key');
  }, 120_000);

  afterAll(async () => {
    service?.kill();
    await model?.close();
    await credentials?.close();
  });

  it('builds dist/, boots the service, and on SIGTERM to npm itself finishes the in-flight request, then frees the port', { timeout: 180_000 }, async () => {
    service = await startService(dir, { ...credentials.env, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'test-key', PILOT_MODEL: 'slow-model' });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const [sample] = await readCases(dir);
    const inFlight = fetch(`${service.url}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...credentials.valid },
      body: JSON.stringify(sample?.input),
    });
    await waitFor(() => model.maxInFlight > 0);
    const exit = service.stop(); // SIGTERM to npm's PID only, as `kill <pid>` does
    const response = await inFlight;
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as { output?: unknown }).output).toBeDefined();
    expect(await exit).toBe(0);
    expect(service.output()).toMatch(/shutting down: finishing in-flight requests/);
    const port = Number(new URL(service.url).port);
    expect(await portIsFree(port), `port ${port} still accepts connections after npm exited`).toBe(true);
  });
});

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Writes `text` on a fresh socket and returns all the server sent until it closed the socket. */
function rawExchange(url: URL, text: string): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = createConnection({ host: url.hostname, port: Number(url.port) }, () => socket.write(text));
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
  });
}

/** True when nothing accepts a connection on the loopback port any more. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * `npm start` as a real process: it says where it listens, answers on a real socket, writes the
 * audit file, exits 0 on SIGTERM, and exits 2 naming a bad setting. Plus graceful shutdown
 * (in-flight requests finish) on the app itself. Children run in a temp dir, so no .env is read.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { readServerConfig } from '../../src/kit/server/config.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';
import { tempDir } from './helpers/temp-dir.js';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const serverFile = fileURLToPath(new URL('../../src/kit/server.ts', import.meta.url));
const route = `/v1/${useCase}`;
/** Each test starts real processes under tsx; on a loaded CI machine (many pilots at once) a start can take seconds. */
const START_TIMEOUT = 60_000;

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const cwd = tempDir('pilot-start');
  const child = spawn(process.execPath, ['--import', tsx, serverFile], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitFor<T>(what: () => T | undefined, timeoutMs = 45_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('npm start', () => {
  it('logs its port, serves, audits to PILOT_AUDIT_FILE, and exits 0 on SIGTERM', { timeout: START_TIMEOUT }, async () => {
    const audit = join(tempDir('pilot-audit'), 'audit.jsonl');
    const { child, output, exit } = start({ PORT: '0', HOST: '127.0.0.1', PILOT_AUDIT_FILE: audit });
    const listening = await waitFor(() =>
      output()
        .split('\n')
        .map((l) => (l.startsWith('{') ? JSON.parse(l) : {}))
        .find((l) => l.msg?.startsWith('pilot listening')),
    );
    expect(listening).toMatchObject({ host: '127.0.0.1', useCase, audit });
    const base = `http://127.0.0.1:${listening.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const denied = await fetch(`${base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(validInput) });
    expect(denied.status).toBe(401);
    expect(JSON.parse(readFileSync(audit, 'utf8').trim())).toMatchObject({ type: 'audit', status: 401, outcome: 'unauthenticated', route });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output()).toMatch(/shutting down: finishing in-flight requests/);
  });

  it('writes the audit as plain JSON lines on stdout when PILOT_AUDIT_FILE is unset', { timeout: START_TIMEOUT }, async () => {
    const { child, output, exit } = start({ PORT: '0', HOST: '127.0.0.1' });
    const lines = () =>
      output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const listening = await waitFor(() => lines().find((l) => typeof l.msg === 'string' && l.msg.startsWith('pilot listening')));
    expect(listening).toMatchObject({ audit: 'stdout', auditRequired: true, rateLimitStore: 'memory' });
    const denied = await fetch(`http://127.0.0.1:${listening.port}${route}?email=jane@example.com`, { method: 'POST', body: '{}' });
    expect(denied.status).toBe(401);
    const audit = await waitFor(() => lines().find((l) => l.type === 'audit'));
    expect(audit).toMatchObject({ type: 'audit', status: 401, outcome: 'unauthenticated', route });
    expect(audit).not.toHaveProperty('level'); // its own line, not a log message
    expect(output()).not.toContain('jane@example.com');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('exits 2 naming the setting when one is unusable', { timeout: START_TIMEOUT }, async () => {
    const badPort = start({ PORT: 'eighty' });
    const badAudit = start({ PORT: '0', PILOT_AUDIT_FILE: join(tmpdir(), 'no-such-dir-for-audit', 'a.jsonl') });
    const clearModel = start({ PORT: '0', PILOT_MODEL: 'm', OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://llm.example.com/v1' });
    const weakKey = start({ PORT: '0', PILOT_AUDIT_HASH_KEY: 'short' });
    expect(await badPort.exit).toBe(2);
    expect(badPort.output()).toMatch(/config: PORT="eighty" is not a number/);
    expect(await badAudit.exit).toBe(2);
    expect(badAudit.output()).toMatch(/config: PILOT_AUDIT_FILE=.* cannot be opened for appending: ENOENT/);
    expect(await clearModel.exit).toBe(2);
    expect(clearModel.output()).toMatch(/config: OPENAI_BASE_URL must use https/);
    expect(await weakKey.exit).toBe(2);
    expect(weakKey.output()).toMatch(/config: PILOT_AUDIT_HASH_KEY is shorter than 32 characters/);
    const badFallback = start({ PORT: '0', PILOT_FALLBACK: 'rules' });
    expect(await badFallback.exit).toBe(2);
    expect(badFallback.output()).toMatch(/config: PILOT_FALLBACK="rules" is not one of baseline, none/);
  });

  // mkfifo is POSIX; a FIFO opened for writing blocked `npm start` in openSync, silently, until a reader came.
  it.runIf(process.platform !== 'win32')('exits 2 when PILOT_AUDIT_FILE is a FIFO or a directory, instead of hanging', { timeout: START_TIMEOUT }, async () => {
    const dir = tempDir('audit-kinds');
    const fifo = join(dir, 'audit.fifo');
    execFileSync('mkfifo', [fifo]);
    const runs = [start({ PORT: '0', PILOT_AUDIT_FILE: fifo }), start({ PORT: '0', PILOT_AUDIT_FILE: dir })];
    try {
      expect(await runs[0]!.exit).toBe(2);
      expect(runs[0]!.output()).toMatch(/^config: PILOT_AUDIT_FILE=.*audit\.fifo is a FIFO \(named pipe\), not a regular file: point it at a file/m);
      expect(await runs[1]!.exit).toBe(2);
      expect(runs[1]!.output()).toMatch(/^config: PILOT_AUDIT_FILE=.* is a directory, not a regular file/m);
    } finally {
      for (const run of runs) run.child.kill('SIGKILL');
    }
  });

  it('says at start what answers without a model: 503 and what to set, or the baseline', { timeout: START_TIMEOUT }, async () => {
    const logLine = (output: string) =>
      output
        .split('\n')
        .map((l) => (l.startsWith('{') ? JSON.parse(l) : {}))
        .find((l) => l.msg?.startsWith('No model configured'));
    for (const [fallback, says] of [
      ['', /set PILOT_FALLBACK=baseline/],
      ['baseline', /the baseline answers \(PILOT_FALLBACK=baseline\)/],
    ] as const) {
      const { child, output, exit } = start({ PORT: '0', HOST: '127.0.0.1', PILOT_FALLBACK: fallback });
      const line = await waitFor(() => logLine(output()));
      expect(line.msg).toMatch(says);
      expect(line.msg).toMatch(/PILOT_MODEL/);
      // The warning comes before the SIGTERM handler is installed: stop it only once it listens.
      await waitFor(() => (output().includes('pilot listening') ? true : undefined));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests and refuses new ones', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const model = fakeModel(validAnswer);
    // A model that holds its answer until the test lets it go: the request is in flight meanwhile.
    const slow = {
      ...model,
      complete: async (request: Parameters<typeof model.complete>[0]) => {
        started = true;
        return gate.then(() => model.complete(request));
      },
    };
    const app = buildServer({ model: slow, auth: fakeAuth });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const inFlight = fetch(`${base}${route}`, { method: 'POST', headers: { ...good, 'content-type': 'application/json' }, body: JSON.stringify(validInput) });
    await waitFor(() => (started ? true : undefined), 5000);
    const closing = app.close();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    release();
    expect((await inFlight).status).toBe(200);
    await closing;
  });
});

describe('service settings', () => {
  it('has safe defaults and refuses unusable values', () => {
    expect(readServerConfig({})).toMatchObject({ port: 3000, host: '127.0.0.1', bodyLimitBytes: 65536, rateLimit: { max: 60, windowMs: 60000 }, auditFile: undefined });
    expect(() => readServerConfig({ PILOT_BODY_LIMIT_BYTES: '10' })).toThrow(/PILOT_BODY_LIMIT_BYTES/);
    expect(() => readServerConfig({ PILOT_RATE_LIMIT_MAX: '0' })).toThrow(/PILOT_RATE_LIMIT_MAX/);
    expect(() => readServerConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});

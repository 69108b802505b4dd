import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCase } from '../../src/pipeline.js';
import { buildServer } from '../../src/kit/server.js';
import { type AuditRecord, canonicalJson, fileAuditSink, hashInput, isoTimeNow } from '../../src/kit/server/audit.js';
import { validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good, person } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';
import { logLines } from './helpers/log-lines.js';
import { tempDir } from './helpers/temp-dir.js';

const route = `/v1/${useCase}`;
let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('audit records', () => {
  it('writes one line per call: who, when, input hash, model, latency, outcome', async () => {
    const records: AuditRecord[] = [];
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, bodyLimitBytes: 2048, audit: (r) => void records.push(r) });
    const calls = [
      { payload: validInput }, // 401: no credentials
      { headers: { authorization: 'Bearer stolen-secret-token' }, payload: validInput }, // 401: bad credentials
      { headers: good, payload: validInput }, // 200
      { headers: { ...good, 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) }, // 413
      { headers: { ...good, 'content-type': 'application/json' }, payload: '{nope' }, // 400 malformed
    ];
    for (const call of calls) await app.inject({ method: 'POST', url: route, ...call });
    await app.inject({ method: 'GET', url: '/healthz' }); // probes are not audited
    await app.inject({ method: 'GET', url: '/readyz', headers: good });

    expect(records.map((r) => [r.status, r.outcome, r.principal])).toEqual([
      [401, 'unauthenticated', null],
      [401, 'unauthenticated', null],
      [200, 'ok', 'test:good'],
      [413, 'body_too_large', 'test:good'],
      [400, 'malformed_json', 'test:good'],
    ]);
    const ok = records[2];
    expect(ok).toMatchObject({ type: 'audit', method: 'POST', route, action: 'pipeline:run', model: 'fake-model', modelLatencyMs: 1 });
    expect(ok?.inputSha256).toBe(createHash('sha256').update(canonicalJson(validInput)).digest('hex'));
    expect(Date.parse(ok?.time ?? '')).not.toBeNaN();
    expect(ok?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(records[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(records[3]?.inputSha256).toBeNull(); // the oversized body was never read
  });

  it("counts the whole request in latencyMs, the model's wait included", async () => {
    const records: AuditRecord[] = [];
    const model = fakeModel(validAnswer);
    const answer = model.complete.bind(model);
    // A model that takes at least 40 ms: the request cannot have taken less.
    model.complete = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return answer(request);
    };
    app = buildServer({ model, auth: fakeAuth, audit: (r) => void records.push(r) });
    expect((await app.inject({ method: 'POST', url: route, headers: good, payload: validInput })).statusCode).toBe(200);
    expect(records).toHaveLength(1);
    expect(records[0]?.latencyMs).toBeGreaterThanOrEqual(39);
  });

  it('never holds the input, the output, credentials or headers', async () => {
    const records: AuditRecord[] = [];
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: (r) => void records.push(r) });
    await app.inject({ method: 'POST', url: route, headers: { authorization: 'Bearer stolen-secret-token' }, payload: validInput });
    await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    const text = JSON.stringify(records);
    for (const value of Object.values(validInput)) if (typeof value === 'string' && value.length > 3) expect(text).not.toContain(value);
    expect(text).not.toContain('stolen-secret-token');
    expect(text).not.toContain('Bearer');
    const outputTexts = Object.values(JSON.parse(validAnswer) as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length > 6);
    for (const value of outputTexts) expect(text).not.toContain(value);
  });

  it('appends to PILOT_AUDIT_FILE before the response is sent', async () => {
    const file = join(tempDir('audit'), 'audit.jsonl');
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: fileAuditSink(file) });
    await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1); // already there when the response arrived
    await app.inject({ method: 'POST', url: route, payload: validInput });
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
    expect(lines.map((l) => l.status)).toEqual([200, 401]);
  });

  it('with PILOT_AUDIT_REQUIRED=false, still answers when a record cannot be written, and logs that at error', async () => {
    const dir = tempDir('audit');
    const { lines, logger } = logLines('warn');
    app = buildServer({
      model: fakeModel(validAnswer),
      auth: fakeAuth,
      audit: fileAuditSink(join(dir, 'audit.jsonl')),
      auditRequired: false,
      logger,
    });
    rmSync(dir, { recursive: true }); // the audit file's folder is gone: every write fails
    const response = await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(response.statusCode).toBe(200);
    const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; requestId?: string });
    expect(logged).toContainEqual(expect.objectContaining({ level: 50, msg: 'audit record could not be written', requestId: response.headers['x-request-id'] }));
  });

  // /dev/full (every write fails with ENOSPC) is Linux's; elsewhere the next test's failing sink covers the logic.
  it.runIf(existsSync('/dev/full'))('fails calls with 503 while records cannot be written (a full disk: /dev/full), and /readyz says so', async () => {
    const model = fakeModel(validAnswer);
    app = buildServer({ model, auth: fakeAuth, audit: fileAuditSink('/dev/full') });
    const first = await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(first.statusCode).toBe(503);
    expect(first.json()).toEqual({ error: 'audit_unavailable', message: expect.stringMatching(/could not be written \(ENOSPC\); the answer was withheld/) });
    // Known to be failing: later calls are refused before the work is done.
    const later = await Promise.all([1, 2, 3].map(() => app!.inject({ method: 'POST', url: route, headers: good, payload: validInput })));
    expect(later.map((r) => [r.statusCode, r.json().error])).toEqual(Array(3).fill([503, 'audit_unavailable']));
    expect(model.calls).toHaveLength(1);
    const ready = await app.inject({ method: 'GET', url: '/readyz', headers: good });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.audit).toMatch(/^error: audit records cannot be written \(ENOSPC\)/);
  });

  it('serves again once records can be written, found out by the readiness probe', async () => {
    let failing = true;
    const records: AuditRecord[] = [];
    const sink = (record: AuditRecord) => (failing ? Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) : void records.push(record));
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: sink });
    expect((await app.inject({ method: 'POST', url: route, headers: good, payload: validInput })).statusCode).toBe(503);
    expect((await app.inject({ method: 'GET', url: '/readyz', headers: good })).statusCode).toBe(503);
    failing = false;
    // This probe's own record is written, so the next one sees the audit working.
    await app.inject({ method: 'GET', url: '/readyz', headers: good });
    expect(records.map((r) => r.route)).toEqual(['/readyz']);
    expect((await app.inject({ method: 'GET', url: '/readyz', headers: good })).json()).toMatchObject({ ready: true, checks: { audit: 'ok' } });
    expect((await app.inject({ method: 'POST', url: route, headers: good, payload: validInput })).statusCode).toBe(200);
    // The probe (which still found the audit failing), then the call; probes are not audited once it works.
    expect(records.map((r) => r.status)).toEqual([503, 200]);
  });

  it('names people by a keyed hash, never by their email, and services by their id', async () => {
    const records: AuditRecord[] = [];
    const key = 'k'.repeat(32);
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, auditHashKey: key, audit: (r) => void records.push(r) });
    await app.inject({ method: 'POST', url: route, headers: person, payload: validInput });
    await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    await app.close();
    // The same key on another instance gives the same reference: the trail can be followed across replicas.
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, auditHashKey: key, audit: (r) => void records.push(r) });
    await app.inject({ method: 'POST', url: route, headers: person, payload: validInput });
    expect(records.map((r) => r.principal)).toEqual([expect.stringMatching(/^gateway:#[0-9a-f]{24}$/), 'test:good', records[0]?.principal]);
    expect(JSON.stringify(records)).not.toMatch(/jane|example\.com/);
    await app.close();
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, auditHashKey: 'x'.repeat(32), audit: (r) => void records.push(r) });
    await app.inject({ method: 'POST', url: route, headers: person, payload: validInput });
    expect(records[3]?.principal).not.toBe(records[0]?.principal);
  });

  it('records the client by a keyed hash: the peer, or behind a trusted proxy the first X-Forwarded-For hop it did not add', async () => {
    const records: AuditRecord[] = [];
    const key = 'k'.repeat(32);
    const ref = (address: string) => `ip:#${createHmac('sha256', key).update(address).digest('hex').slice(0, 24)}`;
    const proxies = ['10.0.0.1', '10.0.0.2'];
    const behindProxy = { ...fakeAuth, isTrustedProxy: (address: string) => proxies.includes(address) };
    app = buildServer({ model: fakeModel(validAnswer), auth: behindProxy, auditHashKey: key, audit: (r) => void records.push(r) });
    const calls: Array<[string, string | undefined]> = [
      ['203.0.113.5', '198.51.100.7'], // an untrusted peer: its X-Forwarded-For is the caller's own words
      ['10.0.0.1', 'chosen-by-caller, 198.51.100.7'], // the proxy appended what it saw
      ['10.0.0.1', '198.51.100.7, 10.0.0.2'], // two proxies
      ['::ffff:10.0.0.1', undefined], // the proxy itself (its health check)
      ['10.0.0.1', '198.51.100.7, not-an-address'], // a proxy we trust never writes that
    ];
    for (const [remoteAddress, forwarded] of calls) {
      const headers = forwarded ? { ...good, 'x-forwarded-for': forwarded } : good;
      await app.inject({ method: 'POST', url: route, headers, payload: validInput, remoteAddress });
    }
    await app.inject({ method: 'POST', url: route, payload: validInput, remoteAddress: '203.0.113.5' }); // 401: still recorded
    expect(records.map((r) => r.client)).toEqual([ref('203.0.113.5'), ref('198.51.100.7'), ref('198.51.100.7'), ref('10.0.0.1'), null, ref('203.0.113.5')]);
    expect(JSON.stringify(records)).not.toMatch(/203\.0\.113|198\.51\.100|10\.0\.0/);
    await app.close();
    // Auth without trusted proxies (an API key, OIDC): the peer is the client, whatever the header says.
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, auditHashKey: key, audit: (r) => void records.push(r) });
    await app.inject({ method: 'POST', url: route, headers: { ...good, 'x-forwarded-for': '198.51.100.7' }, payload: validInput, remoteAddress: '10.0.0.1' });
    expect(records.at(-1)?.client).toBe(ref('10.0.0.1'));
  });

  it("keeps a caller's plain x-request-id beside its own, never instead of it, and redacted", async () => {
    const records: AuditRecord[] = [];
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: (r) => void records.push(r) });
    for (const given of ['abc-123', 'abc-123', 'x'.repeat(65), 'a b\u202e', '4111111111111111', '555-123-4567']) {
      await app.inject({ method: 'POST', url: route, headers: { ...good, 'x-request-id': given }, payload: validInput });
    }
    expect(records.map((r) => r.callerRequestId)).toEqual(['abc-123', 'abc-123', null, null, '[card]', '[phone]']);
    expect(new Set(records.map((r) => r.requestId)).size).toBe(6);
  });

  it('writes what is queued and lets go of the audit file when the app closes', async () => {
    const records: AuditRecord[] = [];
    const close = vi.fn(async () => undefined);
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: Object.assign((r: AuditRecord) => void records.push(r), { close }) });
    await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    expect(close).not.toHaveBeenCalled();
    await app.close();
    app = undefined;
    expect(close).toHaveBeenCalledTimes(1);
    expect(records).toHaveLength(1);
  });

  it('logs to the log stream when no file is configured', async () => {
    const { lines, logger } = logLines('info');
    app = buildServer({ model: null, auth: fakeAuth, logger });
    await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
    const audit = lines.map((l) => JSON.parse(l)).find((l) => l.audit);
    expect(audit.audit).toMatchObject({ type: 'audit', status: 503, outcome: 'model_not_configured', principal: 'test:good' });
  });

  it('stamps records with the current time, as toISOString writes it', () => {
    const before = Date.now();
    const time = isoTimeNow();
    expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
  });

  it('refuses a body nested 20,000 deep with 400 invalid_input, on both routes, and audits it once', async () => {
    const records: AuditRecord[] = [];
    app = buildServer({ model: fakeModel(validAnswer), auth: fakeAuth, audit: (r) => void records.push(r) });
    const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`; // 40 kB
    const bodies = [deepArray, `${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}`, `{"input":${JSON.stringify(validInput).replace(/}$/, `,"x":${deepArray}}`)}}`];
    for (const url of [route, '/v1/feedback']) {
      for (const payload of bodies) {
        const res = await app.inject({ method: 'POST', url, headers: { ...good, 'content-type': 'application/json' }, payload });
        expect(res.statusCode, `${url} ${payload.slice(0, 20)}`).toBe(400);
        expect(res.json()).toEqual({ error: 'invalid_input', message: 'The body nests objects or arrays more than 64 levels deep.' });
      }
    }
    expect(records.map((r) => [r.route, r.status, r.outcome, r.inputSha256])).toEqual([
      ...Array(3).fill([route, 400, 'invalid_input', null]),
      ...Array(3).fill(['/v1/feedback', 400, 'invalid_input', null]),
    ]);
    // 64 levels are still a body like any other (here one the schema refuses, as it would at depth 2).
    const atLimit = await app.inject({ method: 'POST', url: route, headers: { ...good, 'content-type': 'application/json' }, payload: `${'['.repeat(64)}${']'.repeat(64)}` });
    expect(atLimit.json()).toMatchObject({ error: 'invalid_input', issues: expect.any(Array) });
  });

  it('hashes equal inputs equally, whatever the key order', () => {
    expect(hashInput({ a: 1, b: [2, { d: 3, c: 4 }] })).toBe(hashInput({ b: [2, { c: 4, d: 3 }], a: 1 }));
    expect(hashInput(undefined)).toBeNull();
    // Keys in code-unit order, undefined members left out (as JSON.stringify does), in arrays null.
    expect(canonicalJson({ b: [1, { d: undefined, c: 'x' }, undefined], a: null, B: 'é' })).toBe('{"B":"é","a":null,"b":[1,{"c":"x"},null]}');
  });
});

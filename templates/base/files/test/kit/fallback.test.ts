/**
 * A model outage is not an outage: with PILOT_FALLBACK=baseline, a request the model cannot answer
 * (not configured, unreachable, out of shape) is answered by the baseline and marked so, in the
 * response and in the audit line. Without it, the caller gets the error and what to set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBaseline } from '../../src/baseline/index.js';
import { ModelError } from '../../src/kit/model/provider.js';
import { buildServer } from '../../src/kit/server.js';
import type { AuditRecord } from '../../src/kit/server/audit.js';
import { type Fallback, readFallback, readServerConfig } from '../../src/kit/server/config.js';
import type { ChatModel } from '../../src/kit/model/provider.js';
import { inputSchema, useCase } from '../../src/pipeline.js';
import { invalidAnswer, validAnswer, validInput } from '../fixtures/use-case.js';
import { fakeAuth, good } from './helpers/fake-auth.js';
import { fakeModel } from './helpers/fake-model.js';

const route = `/v1/${useCase}`;
let app: ReturnType<typeof buildServer> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const down: ChatModel = { ...fakeModel(validAnswer), complete: async () => Promise.reject(new ModelError('model API answered 503 after 4 attempt(s): down', 503)) };
const baselineOutput = JSON.parse(JSON.stringify(runBaseline(inputSchema.parse(validInput))));

async function call(model: ChatModel | null, fallback: Fallback) {
  const records: AuditRecord[] = [];
  app = buildServer({ model, fallback, auth: fakeAuth, audit: (r) => void records.push(r) });
  const res = await app.inject({ method: 'POST', url: route, headers: good, payload: validInput });
  return { res, body: res.json(), audit: records[0] };
}

describe('PILOT_FALLBACK=baseline', () => {
  it('answers with the baseline when no model is configured, marked in the response and the audit line', async () => {
    const { res, body, audit } = await call(null, 'baseline');
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ useCase, output: baselineOutput, review: 'pending', source: 'baseline', fallbackReason: 'model_not_configured', model: null });
    expect(audit).toMatchObject({ status: 200, outcome: 'ok', source: 'baseline', fallbackReason: 'model_not_configured', model: null });
  });

  it('answers with the baseline when the model fails, and the audit line names the model that failed', async () => {
    const { res, body, audit } = await call(down, 'baseline');
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ output: baselineOutput, source: 'baseline', fallbackReason: 'model_unavailable' });
    expect(audit).toMatchObject({ status: 200, source: 'baseline', fallbackReason: 'model_unavailable', model: 'fake-model' });
  });

  it('answers with the baseline when the model answers out of shape', async () => {
    const { res, body } = await call(fakeModel(invalidAnswer), 'baseline');
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ output: baselineOutput, source: 'baseline', fallbackReason: 'invalid_model_output' });
  });

  it('still lets a working model answer', async () => {
    const { res, body, audit } = await call(fakeModel(validAnswer), 'baseline');
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ output: JSON.parse(validAnswer), source: 'model', model: 'fake-model' });
    expect(body).not.toHaveProperty('fallbackReason');
    expect(audit).toMatchObject({ source: 'model', fallbackReason: null, model: 'fake-model' });
  });

  it('keeps /readyz ready without a model, saying the baseline answers', async () => {
    app = buildServer({ model: null, fallback: 'baseline', auth: fakeAuth });
    const res = await app.inject({ method: 'GET', url: '/readyz', headers: good });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ready: true, checks: { model: 'ok (not configured: the baseline answers)', audit: 'ok' } });
  });
});

describe('without a fallback', () => {
  it('answers 503 model_not_configured naming the model settings and PILOT_FALLBACK', async () => {
    const { res, body, audit } = await call(null, 'none');
    expect(res.statusCode).toBe(503);
    expect(body.error).toBe('model_not_configured');
    for (const name of ['PILOT_MODEL', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'PILOT_FALLBACK=baseline']) expect(body.message).toContain(name);
    expect(audit).toMatchObject({ status: 503, outcome: 'model_not_configured', source: null, fallbackReason: null });
  });

  it('answers 502 model_unavailable when the model fails, naming PILOT_FALLBACK', async () => {
    const { res, body } = await call(down, 'none');
    expect(res.statusCode).toBe(502);
    expect(body).toMatchObject({ error: 'model_unavailable' });
    expect(body.message).toContain('PILOT_FALLBACK=baseline');
  });

  it('is the default, and /readyz is not ready without a model', async () => {
    expect(readServerConfig({}).fallback).toBe('none');
    app = buildServer({ model: null, auth: fakeAuth });
    const res = await app.inject({ method: 'GET', url: '/readyz', headers: good });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, checks: { model: 'not configured', audit: 'ok' } });
  });
});

describe('reading PILOT_FALLBACK', () => {
  it('takes baseline or none, in any case, and refuses anything else naming the variable', () => {
    expect(readFallback({ PILOT_FALLBACK: 'Baseline' })).toBe('baseline');
    expect(readFallback({ PILOT_FALLBACK: ' ' })).toBe('none');
    expect(() => readFallback({ PILOT_FALLBACK: 'rules' })).toThrow(/^PILOT_FALLBACK="rules" is not one of baseline, none/);
  });
});

// The model client (the openai SDK plus the pilot's concurrency cap, accounting and errors), over
// real HTTP against the loopback OpenAI-compatible server.
import { describe, expect, it } from 'vitest';
import { createModel, isModelConfigured } from '../../src/kit/model/index.js';
import { type OpenAIConfig, createOpenAIModel } from '../../src/kit/model/openai.js';
import { costUsd, resolvePrice } from '../../src/kit/model/pricing.js';
import { ModelError } from '../../src/kit/model/provider.js';
import { type Loopback, loopbackPerTest, startLoopbackOpenAI } from './helpers/loopback-openai.js';

const loopback = loopbackPerTest();

const configFor = (server: Loopback, overrides: Partial<OpenAIConfig> = {}): OpenAIConfig => ({
  baseUrl: server.baseUrl,
  apiKey: 'sk-test',
  model: 'm',
  timeoutMs: 5_000,
  maxRetries: 2,
  ...overrides,
});

const hi = { messages: [{ role: 'user' as const, content: 'hi' }] };
/** A status that asks for a retry right away, so tests do not sit through the SDK's default backoff. */
const now = (status: number) => ({ status, headers: { 'retry-after-ms': '1' } });
const gapMs = (server: Loopback, i: number) => (server.seen[i + 1]?.at ?? Number.NaN) - (server.seen[i]?.at ?? Number.NaN);

describe('OpenAI-compatible client (openai SDK)', () => {
  it('sends a JSON-mode chat completion with a bearer key and records token usage', async () => {
    const server = await loopback();
    const model = createOpenAIModel(configFor(server));
    const result = await model.complete({ ...hi, json: true, maxTokens: 50 });
    expect(result.text).toBe('{"ok":true}');
    expect(result.usage).toEqual({ promptTokens: 300, completionTokens: 20, totalTokens: 320 });
    expect(model.usage).toMatchObject({ calls: 1, totalTokens: 320 });
    const [request] = server.seen;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.body).toMatchObject({ model: 'm', messages: hi.messages, response_format: { type: 'json_object' }, temperature: 0, max_tokens: 50 });
    expect(request?.headers.authorization).toBe('Bearer sk-test');
  });

  it('sends no Authorization header to a server that needs no key', async () => {
    const server = await loopback();
    await createOpenAIModel(configFor(server, { apiKey: undefined })).complete(hi);
    expect(server.seen[0]?.headers).not.toHaveProperty('authorization');
  });

  it("speaks Azure OpenAI's dated API when OPENAI_API_VERSION is set: api-key, api-version, deployment path", async () => {
    const server = await loopback();
    const model = createModel({ PILOT_MODEL: 'my-deployment', OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'azure-key', OPENAI_API_VERSION: '2024-10-21' });
    await model?.complete(hi);
    const [request] = server.seen;
    expect(request?.url).toBe('/v1/deployments/my-deployment/chat/completions?api-version=2024-10-21');
    expect(request?.headers['api-key']).toBe('azure-key');
    expect(request?.headers).not.toHaveProperty('authorization');
  });

  it('retries 429 and 5xx, then succeeds', async () => {
    const server = await loopback({ script: [now(429), now(503)] });
    const model = createOpenAIModel(configFor(server));
    expect((await model.complete(hi)).text).toBe('{"ok":true}');
    expect(server.stats.requests).toBe(3);
    expect(model.usage.calls).toBe(1);
  });

  // Lower bounds only: each wait is longer than the SDK's own first backoff (at most 500 ms), so
  // meeting it shows the header was read; how much longer a busy machine takes does not matter.
  it('waits as long as retry-after (seconds) says', async () => {
    const server = await loopback({ script: [{ status: 429, headers: { 'retry-after': '1' } }] });
    await createOpenAIModel(configFor(server)).complete(hi);
    expect(server.stats.requests).toBe(2);
    expect(gapMs(server, 0)).toBeGreaterThanOrEqual(950);
  });

  it('prefers retry-after-ms over retry-after, as Azure OpenAI and OpenAI send both', async () => {
    const server = await loopback({ script: [{ status: 503, headers: { 'retry-after-ms': '1200', 'retry-after': '0' } }] });
    await createOpenAIModel(configFor(server)).complete(hi);
    expect(gapMs(server, 0)).toBeGreaterThanOrEqual(1150);
  });

  it('holds at most `concurrency` requests in flight', async () => {
    const server = await loopback({ delayMs: 20 });
    const model = createOpenAIModel(configFor(server, { concurrency: 2 }));
    await Promise.all(Array.from({ length: 6 }, () => model.complete(hi)));
    expect(server.stats.maxInFlight).toBe(2);
    expect(model.usage.calls).toBe(6);
  });

  it('gives up after maxRetries with a ModelError, and does not retry other 4xx', async () => {
    const failing = await loopback({ script: [now(500), now(500), now(500)] });
    await expect(createOpenAIModel(configFor(failing)).complete(hi)).rejects.toThrow(/answered 500 after 3 attempt/);
    expect(failing.stats.requests).toBe(3);

    const unauthorized = await loopback({ script: [{ status: 401 }] });
    const err = await createOpenAIModel(configFor(unauthorized))
      .complete(hi)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).status).toBe(401);
    expect((err as ModelError).message).toMatch(/answered 401 after 1 attempt/);
    expect(unauthorized.stats.requests).toBe(1);
  });

  it('times out a hung request as a ModelError', async () => {
    const server = await loopback({ script: ['hang'] });
    const err = await createOpenAIModel(configFor(server, { timeoutMs: 200, maxRetries: 0 }))
      .complete(hi)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toMatch(/failed after 1 attempt.*timed out/i);
  });

  it('reaches a server that is not there as a ModelError, not a crash', async () => {
    // Started and closed here: nothing is left for the per-test cleanup.
    const server = await startLoopbackOpenAI({ answer: () => '{"ok":true}' });
    const { baseUrl } = server;
    await server.close();
    const err = await createOpenAIModel({ baseUrl, model: 'm', timeoutMs: 1_000, maxRetries: 0 })
      .complete(hi)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toMatch(/failed after 1 attempt.*Connection error/i);
  });

  it('counts zero tokens when the server reports no usage', async () => {
    const server = await loopback({ usage: false });
    const model = createOpenAIModel(configFor(server));
    expect((await model.complete(hi)).usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(model.usage.calls).toBe(1);
  });
});

describe('model configuration', () => {
  it('needs a model name and a key or base URL', () => {
    expect(isModelConfigured({})).toBe(false);
    expect(isModelConfigured({ PILOT_MODEL: 'gpt-4o-mini' })).toBe(false);
    expect(isModelConfigured({ PILOT_MODEL: 'gpt-4o-mini', OPENAI_API_KEY: 'sk-x' })).toBe(true);
    expect(isModelConfigured({ PILOT_MODEL: 'llama3.1', OPENAI_BASE_URL: 'http://localhost:11434/v1' })).toBe(true);
    expect(createModel({ PILOT_MODEL: ' ', OPENAI_API_KEY: 'sk-x' })).toBeNull();
  });

  it('sends the key only over https, or plain http to loopback (OPENAI_BASE_URL)', () => {
    const env = { PILOT_MODEL: 'm', OPENAI_API_KEY: 'sk-x' };
    expect(() => createModel({ ...env, OPENAI_BASE_URL: 'http://llm.internal.example/v1' })).toThrow(
      /OPENAI_BASE_URL must use https \(plain http is only allowed for localhost\/127\.0\.0\.1\): http:\/\/llm\.internal\.example/,
    );
    expect(() => createModel({ ...env, OPENAI_BASE_URL: 'ftp://llm.example/v1' })).toThrow(/OPENAI_BASE_URL must be an https URL, not ftp:/);
    expect(() => createModel({ ...env, OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL="not a url" is not a URL/);
    for (const ok of ['https://llm.example/v1', 'http://localhost:11434/v1', 'http://127.0.0.1:8000/v1', 'http://[::1]:8000/v1']) {
      expect(createModel({ ...env, OPENAI_BASE_URL: ok }), ok).not.toBeNull();
    }
    expect(createModel(env)).not.toBeNull(); // the default, https://api.openai.com/v1
  });

  it('refuses unusable settings with the variable named', () => {
    expect(() => createModel({ PILOT_MODEL: 'm', OPENAI_API_KEY: 'k', PILOT_MODEL_TIMEOUT_MS: 'soon' })).toThrow(/PILOT_MODEL_TIMEOUT_MS/);
    expect(() => createModel({ PILOT_MODEL: 'm', OPENAI_API_KEY: 'k', PILOT_MODEL_CONCURRENCY: '2.5' })).toThrow(/PILOT_MODEL_CONCURRENCY="2.5" is not a whole number/);
    expect(() => createModel({ PILOT_MODEL: 'm', OPENAI_API_KEY: 'k', OPENAI_API_VERSION: '2024-10-21' })).toThrow(/OPENAI_API_VERSION is set \(Azure OpenAI\) but OPENAI_BASE_URL is not/);
  });

  it('prices from the environment, else the model row, else the default row', () => {
    const table = { default: { input_per_mtok: 1, output_per_mtok: 2 }, small: { input_per_mtok: 0.1, output_per_mtok: 0.2 } };
    expect(resolvePrice('small', table, {})?.source).toBe('success-criteria.yaml cost.prices.small');
    expect(resolvePrice('big', table, {})?.price).toEqual({ inputPerMTokUsd: 1, outputPerMTokUsd: 2 });
    expect(resolvePrice('big', {}, {})).toBeNull();
    const env = { PILOT_PRICE_INPUT_PER_MTOK: '3', PILOT_PRICE_OUTPUT_PER_MTOK: '4' };
    expect(resolvePrice('small', table, env)?.price).toEqual({ inputPerMTokUsd: 3, outputPerMTokUsd: 4 });
    expect(costUsd({ promptTokens: 1_000_000, completionTokens: 500_000, totalTokens: 0 }, { inputPerMTokUsd: 3, outputPerMTokUsd: 4 })).toBe(5);
  });
});

import { describe, expect, it } from 'vitest';
import { createModel, isModelConfigured } from '../../src/kit/model/index.js';
import { createOpenAIModel } from '../../src/kit/model/openai.js';
import { costUsd, resolvePrice } from '../../src/kit/model/pricing.js';
import { ModelError } from '../../src/kit/model/provider.js';

const completion = (content: string) =>
  new Response(JSON.stringify({ model: 'm', choices: [{ message: { content } }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });

function fakeFetch(responses: Array<() => Response>) {
  const requests: Array<{ url: string; init: RequestInit }> = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {} });
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next();
  }) as typeof fetch;
  return { fn, requests };
}

const config = { baseUrl: 'http://llm.test/v1/', apiKey: 'sk-test', model: 'm', timeoutMs: 1000, maxRetries: 2, retryBaseMs: 1 };

describe('OpenAI-compatible provider', () => {
  it('sends a JSON-mode chat completion and records token usage', async () => {
    const { fn, requests } = fakeFetch([() => completion('{"ok":true}')]);
    const model = createOpenAIModel({ ...config, fetch: fn });
    const result = await model.complete({ messages: [{ role: 'user', content: 'hi' }], json: true });
    expect(result.text).toBe('{"ok":true}');
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 3, totalTokens: 15 });
    expect(model.usage).toMatchObject({ calls: 1, totalTokens: 15 });
    expect(requests[0]?.url).toBe('http://llm.test/v1/chat/completions');
    const body = JSON.parse(String(requests[0]?.init.body));
    expect(body).toMatchObject({ model: 'm', response_format: { type: 'json_object' }, temperature: 0 });
    expect(new Headers(requests[0]?.init.headers).get('authorization')).toBe('Bearer sk-test');
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    const { fn, requests } = fakeFetch([
      () => new Response('slow down', { status: 429 }),
      () => new Response('oops', { status: 503 }),
      () => completion('{}'),
    ]);
    const result = await createOpenAIModel({ ...config, fetch: fn }).complete({ messages: [] });
    expect(result.text).toBe('{}');
    expect(requests).toHaveLength(3);
  });

  it('waits as long as retry-after-ms / retry-after say', async () => {
    const { fn, requests } = fakeFetch([
      () => new Response('slow down', { status: 429, headers: { 'retry-after-ms': '40' } }),
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '0' } }),
      () => completion('{}'),
    ]);
    const started = performance.now();
    await createOpenAIModel({ ...config, retryBaseMs: 10_000, fetch: fn }).complete({ messages: [] });
    const elapsed = performance.now() - started;
    expect(requests).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(35);
    expect(elapsed).toBeLessThan(2000); // the 10 s backoff never applied
  });

  it('holds at most `concurrency` requests in flight', async () => {
    let active = 0;
    let peak = 0;
    const slow = (async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active -= 1;
      return completion('{}');
    }) as typeof fetch;
    const model = createOpenAIModel({ ...config, concurrency: 2, fetch: slow });
    await Promise.all(Array.from({ length: 6 }, () => model.complete({ messages: [] })));
    expect(peak).toBe(2);
    expect(model.usage.calls).toBe(6);
  });

  it('gives up after maxRetries and does not retry other 4xx', async () => {
    const always500 = fakeFetch([0, 1, 2].map(() => () => new Response('down', { status: 500 })));
    await expect(createOpenAIModel({ ...config, fetch: always500.fn }).complete({ messages: [] })).rejects.toThrow(/500 after 3 attempt/);
    const unauthorized = fakeFetch([() => new Response('bad key', { status: 401 })]);
    const err = await createOpenAIModel({ ...config, fetch: unauthorized.fn }).complete({ messages: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).status).toBe(401);
    expect(unauthorized.requests).toHaveLength(1);
  });

  it('times out a hung request', async () => {
    const hang = ((_url: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    const model = createOpenAIModel({ ...config, timeoutMs: 20, maxRetries: 0, fetch: hang });
    await expect(model.complete({ messages: [] })).rejects.toThrow(/failed after 1 attempt/);
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

  it('refuses unusable numbers with the variable named', () => {
    expect(() => createModel({ PILOT_MODEL: 'm', OPENAI_API_KEY: 'k', PILOT_MODEL_TIMEOUT_MS: 'soon' })).toThrow(/PILOT_MODEL_TIMEOUT_MS/);
    expect(() => createModel({ PILOT_MODEL: 'm', OPENAI_API_KEY: 'k', PILOT_MODEL_CONCURRENCY: '2.5' })).toThrow(/PILOT_MODEL_CONCURRENCY="2.5" is not a whole number/);
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

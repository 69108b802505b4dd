// Issue 22: what the provider sends back is bounded and clean. Error text is scrubbed of secrets and
// capped; a body over the size cap is not read (an OversizedAnswerError, which the eval counts as
// invalid); a partial `usage` never turns into NaN. Over real HTTP against the loopback server.
import { describe, expect, it } from 'vitest';
import { createModel } from '../../src/kit/model/index.js';
import { type OpenAIConfig, createOpenAIModel, usageOf } from '../../src/kit/model/openai.js';
import { ModelError, OversizedAnswerError } from '../../src/kit/model/provider.js';
import { MAX_PROVIDER_TEXT, scrubSecrets } from '../../src/kit/model/scrub-secrets.js';
import { type Loopback, loopbackPerTest } from './helpers/loopback-openai.js';

const loopback = loopbackPerTest();

const KEY = 'sk-proj-Zq3xT9vLm2Kp8Rw4Yb6Nc1Hd5Fg7Js0A';
const configFor = (server: Loopback, overrides: Partial<OpenAIConfig> = {}): OpenAIConfig => ({ baseUrl: server.baseUrl, apiKey: KEY, model: 'm', timeoutMs: 5_000, maxRetries: 0, ...overrides });
const hi = { messages: [{ role: 'user' as const, content: 'hi' }] };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('secrets in provider text', () => {
  it.each([
    ['the configured key, in any shape', 'key was abcdefgh-not-key-shaped-123 ok', ['abcdefgh-not-key-shaped-123'], 'key was [secret] ok'],
    ['a bearer token', 'Authorization: Bearer abc.DEF_123-xyz~+/=', [], 'Authorization: Bearer [secret]'],
    ['sk- and sk-proj- keys', 'a sk-abcdefghijklmnopqrstuv b sk-proj-AAAAbbbbCCCCddddEEEE_ffff c', [], 'a [secret] b [secret] c'],
    ['Stripe-style pk_ and sk_live_ keys', 'pk_test_51HabcdefghijklmnOP and sk_live_ABCDEFGHIJKLMNOPQR', [], '[secret] and [secret]'],
    ['GitHub tokens', 'ghp_0123456789abcdefghijABCDEFGHIJ012345 github_pat_11ABCDEFG0123456789_abcdefghij', [], '[secret] [secret]'],
    ['a JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end', [], 'token [secret] end'],
    ['a key split by a zero-width space', 'x sk-abcdefgh\u200Bijklmnopqrstuv y', [], 'x [secret] y'],
  ])('replaces %s with [secret]', (_name, text, known, expected) => {
    expect(scrubSecrets(text, known)).toBe(expected);
  });

  it('leaves ordinary text, short "keys" and non-ASCII answers as they came', () => {
    expect(scrubSecrets('the sk-1 desk, a skill-based pk_ route, Bearer of news', ['short'])).toBe('the sk-1 desk, a skill-based pk_ route, Bearer of news');
    expect(scrubSecrets('Ｔｈｅ café ﬁle')).toBe('Ｔｈｅ café ﬁle');
  });

  it('scrubs a 401 body that echoes the Authorization header out of the ModelError, and caps it', async () => {
    const echo = (req: { headers: Record<string, unknown> }) => ({
      error: { message: `Incorrect API key provided: ${String(req.headers.authorization)}; also saw ghp_0123456789abcdefghijABCDEFGHIJ012345 ${'padding '.repeat(200)}` },
    });
    const server = await loopback({ script: [{ status: 401, body: echo }] });
    const err = await failure(createOpenAIModel(configFor(server)).complete(hi));
    expect(err).toBeInstanceOf(ModelError);
    const message = (err as ModelError).message;
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`); // the key really was sent, and echoed
    expect(message).toMatch(/^model API answered 401 after 1 attempt\(s\): /);
    expect(message).toContain('Incorrect API key provided: Bearer [secret]; also saw [secret]');
    expect(message).not.toContain(KEY.slice(8));
    expect(message).not.toContain('ghp_');
    expect(message.length).toBeLessThanOrEqual('model API answered 401 after 1 attempt(s): '.length + MAX_PROVIDER_TEXT + 1);
  });
});

describe('the response size cap', () => {
  it('does not read an answer over the cap: an OversizedAnswerError naming the cap, and no retry', async () => {
    const server = await loopback({ padFor: () => 200_000 });
    const err = await failure(createOpenAIModel(configFor(server, { maxResponseBytes: 64 * 1024, maxRetries: 2 })).complete(hi));
    expect(err).toBeInstanceOf(OversizedAnswerError);
    expect((err as Error).message).toBe('model answer over the 65536-byte response cap (PILOT_MODEL_MAX_RESPONSE_BYTES=65536): not read, counted as invalid');
    expect(server.stats.requests).toBe(1);
  });

  it('reads an answer under the cap as before', async () => {
    const server = await loopback({ padFor: () => 1_000 });
    const result = await createOpenAIModel(configFor(server, { maxResponseBytes: 64 * 1024 })).complete(hi);
    expect(result.text.trim()).toBe('{"ok":true}');
  });

  it('takes the cap from PILOT_MODEL_MAX_RESPONSE_BYTES, and refuses one under 1024 naming the variable', async () => {
    const server = await loopback({ padFor: () => 5_000 });
    const env = { PILOT_MODEL: 'm', OPENAI_BASE_URL: server.baseUrl, PILOT_MODEL_MAX_RETRIES: '0' };
    const err = await failure((createModel({ ...env, PILOT_MODEL_MAX_RESPONSE_BYTES: '2048' }) as NonNullable<ReturnType<typeof createModel>>).complete(hi));
    expect((err as Error).message).toMatch(/over the 2048-byte response cap \(PILOT_MODEL_MAX_RESPONSE_BYTES=2048\)/);
    expect(() => createModel({ ...env, PILOT_MODEL_MAX_RESPONSE_BYTES: '10' })).toThrow(/PILOT_MODEL_MAX_RESPONSE_BYTES/);
  });
});

describe('a partial usage', () => {
  it('counts a missing completion_tokens as 0 and names it, never NaN', () => {
    expect(usageOf({ prompt_tokens: 300 } as never)).toEqual({ promptTokens: 300, completionTokens: 0, totalTokens: 300, missing: ['completion_tokens'] });
    expect(usageOf({ completion_tokens: 20, total_tokens: 320 } as never)).toEqual({ promptTokens: 0, completionTokens: 20, totalTokens: 320, missing: ['prompt_tokens'] });
    expect(usageOf({ prompt_tokens: 300, completion_tokens: 20, total_tokens: 320 })).toEqual({ promptTokens: 300, completionTokens: 20, totalTokens: 320 });
  });

  it('reaches the caller over HTTP without NaN', async () => {
    const server = await loopback({ usageFor: () => ({ prompt_tokens: 300 }) });
    const model = createOpenAIModel(configFor(server));
    const { usage } = await model.complete(hi);
    expect(usage).toEqual({ promptTokens: 300, completionTokens: 0, totalTokens: 300, missing: ['completion_tokens'] });
    expect(Number.isNaN(model.usage.totalTokens)).toBe(false);
  });
});

/**
 * The model client: the official `openai` SDK pointed at any OpenAI-compatible chat completions
 * API (OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM, most gateways), wrapped in what the pilot
 * adds: a concurrency cap per process (p-limit), latency and token accounting, and one error type
 * (ModelError) for every transport failure, so callers never see the SDK's own classes.
 *
 * Retries are the SDK's: 408, 409, 429, 5xx, timeouts and connection errors, up to `maxRetries`,
 * waiting as long as `retry-after-ms` or `retry-after` (seconds or an HTTP date) say when the
 * server sends one (up to 60 s), else 0.5 s doubling to 8 s with jitter.
 */
import { createRequire } from 'node:module';
import type OpenAI from 'openai';
import pLimit from 'p-limit';
import { cappedFetch, isResponseTooLarge } from './capped-fetch.js';
import { type ChatModel, type Completion, type CompletionRequest, ModelError, OversizedAnswerError, USAGE_FIELDS, type Usage, emptyUsage } from './provider.js';
import { providerText, scrubSecrets } from './scrub-secrets.js';

export interface OpenAIConfig {
  /** Up to and including `/v1`, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  /** Optional: local servers often need none, and then no Authorization header is sent. */
  apiKey?: string | undefined;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (see the file comment for which failures). */
  maxRetries: number;
  /** Requests in flight at once from this process; the rest wait their turn (rate limits are per key). */
  concurrency?: number;
  /**
   * Azure OpenAI's dated API (e.g. `2024-10-21`): sends `api-key` and `?api-version=`, and routes to
   * `<baseUrl>/deployments/<model>/...`. Leave unset for Azure's v1 API, which is plain OpenAI.
   */
  azureApiVersion?: string | undefined;
  /** Sent as OpenAI-Organization / OpenAI-Project when set. */
  organization?: string | undefined;
  project?: string | undefined;
  /** Bytes of a response body read at most (default DEFAULT_MAX_RESPONSE_BYTES); a larger answer is an OversizedAnswerError. */
  maxResponseBytes?: number | undefined;
}

/** 4 MiB: hundreds of times a long answer, and small enough that a few in parallel cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * The SDK is 455 modules, about 0.15 s of CPU to load even from compiled JavaScript: loaded through
 * require() (its CommonJS build, the same code) only once a model is configured, so a pilot with no
 * model pays nothing. Under a TypeScript loader's ESM hooks (tsx, as the tests run) require() also
 * costs well under half of what `import` does.
 */
let sdk: typeof import('openai') | undefined;
const loadSdk = () => {
  sdk ??= createRequire(import.meta.url)('openai') as typeof import('openai');
  return sdk;
};

/** The SDK refuses to start without a key; a keyless local server gets this, and the header is then removed. */
const NO_KEY = 'no-key';

function createClient(config: OpenAIConfig): OpenAI {
  const common = {
    apiKey: config.apiKey || NO_KEY,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    // Everything comes from the pilot's Env, never from the SDK reading process.env behind our back.
    organization: config.organization ?? null,
    project: config.project ?? null,
    // null removes a header: no bogus bearer token for a server that needs no key.
    ...(config.apiKey ? {} : { defaultHeaders: { authorization: null } }),
    // The SDK reads whole bodies into memory: this fetch stops reading past the cap.
    fetch: cappedFetch(maxResponseBytes(config)),
  };
  const { AzureOpenAI, OpenAI } = loadSdk();
  if (config.azureApiVersion) return new AzureOpenAI({ ...common, baseURL: config.baseUrl, apiVersion: config.azureApiVersion });
  return new OpenAI({ ...common, baseURL: config.baseUrl });
}

const maxResponseBytes = (config: OpenAIConfig) => config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

/**
 * The SDK's failures as ModelError, with the status and how many attempts were made. What the
 * provider said is scrubbed of secrets and cut to a few hundred characters (./scrub-secrets.ts):
 * an error body may echo the request's Authorization header, and this message reaches every report.
 */
function toModelError(err: unknown, config: OpenAIConfig): ModelError {
  const said = (text: string) => providerText(text, [config.apiKey]);
  if (isResponseTooLarge(err)) {
    const cap = maxResponseBytes(config);
    return new OversizedAnswerError(`model answer over the ${cap}-byte response cap (PILOT_MODEL_MAX_RESPONSE_BYTES=${cap}): not read, counted as invalid`);
  }
  if (err instanceof loadSdk().APIError) {
    // Connection errors, timeouts, 408, 409, 429 and 5xx are retried; any other status is final at once.
    const status = err.status;
    const retried = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
    const attempts = retried ? config.maxRetries + 1 : 1;
    if (status === undefined) return new ModelError(`model request failed after ${attempts} attempt(s): ${said(`${err.name}: ${err.message}`)}`);
    return new ModelError(`model API answered ${status} after ${attempts} attempt(s): ${said(err.message)}`, status);
  }
  return new ModelError(`model request failed: ${said(err instanceof Error ? `${err.name}: ${err.message}` : String(err))}`);
}

const tokenCount = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null);

/** The API's usage; a count it left out (or sent as a non-number) is 0 and named in `missing`, never NaN. */
export function usageOf(u: OpenAI.CompletionUsage | undefined): Usage {
  if (!u) return emptyUsage();
  const prompt = tokenCount(u.prompt_tokens);
  const completion = tokenCount(u.completion_tokens);
  const missing = USAGE_FIELDS.filter((_, i) => [prompt, completion][i] === null);
  const usage = { promptTokens: prompt ?? 0, completionTokens: completion ?? 0, totalTokens: tokenCount(u.total_tokens) ?? (prompt ?? 0) + (completion ?? 0) };
  return missing.length > 0 ? { ...usage, missing } : usage;
}

export function createOpenAIModel(config: OpenAIConfig): ChatModel {
  const client = createClient(config);
  const limit = pLimit(config.concurrency ?? 4);
  const usage = { ...emptyUsage(), calls: 0 };

  async function complete(request: CompletionRequest): Promise<Completion> {
    const started = performance.now();
    let answer: OpenAI.ChatCompletion;
    try {
      answer = await client.chat.completions.create({
        model: config.model,
        messages: request.messages,
        temperature: request.temperature ?? 0,
        // max_tokens, not max_completion_tokens: vLLM, Ollama and most gateways know only this one.
        ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
        ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
      });
    } catch (err) {
      throw toModelError(err, config);
    }
    // The SDK does not validate bodies: a gateway's 200 with an error page in it stops here.
    const choice = Array.isArray(answer?.choices) ? answer.choices[0] : undefined;
    if (!choice?.message) throw new ModelError('model API answered 200 without a chat completion in the body');
    const callUsage = usageOf(answer.usage ?? undefined);
    usage.calls += 1;
    usage.promptTokens += callUsage.promptTokens;
    usage.completionTokens += callUsage.completionTokens;
    usage.totalTokens += callUsage.totalTokens;
    return {
      // Scrubbed like error text: an answer is stored in the cache and quoted in reports.
      text: scrubSecrets(choice.message.content ?? '', [config.apiKey]),
      usage: callUsage,
      model: typeof answer.model === 'string' && answer.model ? answer.model : config.model,
      latencyMs: performance.now() - started,
    };
  }

  // The slot is held across the SDK's retries: a 429 means "slow down", not "let someone else in".
  return { name: config.model, usage, complete: (request) => limit(() => complete(request)) };
}

/**
 * OpenAI-compatible chat completions over fetch: OpenAI, Azure OpenAI (v1 API), vLLM,
 * Ollama, LiteLLM and most gateways speak it. No SDK, so the dependency list stays short.
 */
import { z } from 'zod';
import { createLimiter } from './limit.js';
import { type ChatModel, type Completion, type CompletionRequest, ModelError, emptyUsage } from './provider.js';

export interface OpenAIConfig {
  /** Up to and including `/v1`, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 */
  baseUrl: string;
  /** Optional: local servers often need none. */
  apiKey?: string | undefined;
  model: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and network errors. */
  maxRetries: number;
  /** First backoff step; doubles each retry, with jitter. */
  retryBaseMs?: number;
  /** Requests in flight at once from this process; the rest wait their turn (rate limits are per key). */
  concurrency?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
}

const responseSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number().optional() })
    .optional(),
});

const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long the server asked us to wait: `retry-after-ms` (Azure OpenAI, OpenAI) or `retry-after` in
 * seconds. Capped so one call cannot hang a run; undefined when absent, so our own backoff applies.
 */
function retryAfterMs(res: Response): number | undefined {
  const header = (name: string) => {
    const raw = res.headers.get(name);
    const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const ms = header('retry-after-ms') ?? (header('retry-after') ?? Number.NaN) * 1000;
  return Number.isFinite(ms) ? Math.min(ms, MAX_BACKOFF_MS) : undefined;
}

export function createOpenAIModel(config: OpenAIConfig): ChatModel {
  const doFetch = config.fetch ?? fetch;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const retryBaseMs = config.retryBaseMs ?? 500;
  const limit = createLimiter(config.concurrency ?? 4);
  const usage = { ...emptyUsage(), calls: 0 };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;

  const backoff = (attempt: number) =>
    Math.min(retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS) * (0.5 + Math.random() / 2);

  async function complete(request: CompletionRequest): Promise<Completion> {
    const started = performance.now();
    const body = JSON.stringify({
      model: config.model,
      messages: request.messages,
      temperature: request.temperature ?? 0,
      ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
      ...(request.json ? { response_format: { type: 'json_object' } } : {}),
    });

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < config.maxRetries;
      let res: Response;
      try {
        res = await doFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.timeoutMs) });
      } catch (err) {
        if (canRetry) {
          await sleep(backoff(attempt));
          continue;
        }
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        throw new ModelError(`model request failed after ${attempt + 1} attempt(s): ${reason}`);
      }

      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 300);
        if ((res.status === 429 || res.status >= 500) && canRetry) {
          await sleep(retryAfterMs(res) ?? backoff(attempt));
          continue;
        }
        throw new ModelError(`model API answered ${res.status} after ${attempt + 1} attempt(s): ${detail}`, res.status);
      }

      const parsed = responseSchema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw new ModelError('model API answered 200 without a chat completion in the body');
      const u = parsed.data.usage;
      const callUsage = u
        ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, totalTokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens }
        : emptyUsage();
      usage.calls += 1;
      usage.promptTokens += callUsage.promptTokens;
      usage.completionTokens += callUsage.completionTokens;
      usage.totalTokens += callUsage.totalTokens;
      return {
        text: parsed.data.choices[0]?.message.content ?? '',
        usage: callUsage,
        model: parsed.data.model ?? config.model,
        latencyMs: performance.now() - started,
      };
    }
  }

  // The slot is held across retries: a 429 means "slow down", not "let someone else in".
  return { name: config.model, usage, complete: (request) => limit(() => complete(request)) };
}

/** Builds the configured model from the environment, or says plainly that there is none. */
import { ConfigError, type Env, readNumber, readString } from '../env.js';
import { parseSecureUrl } from '../http/secure-url.js';
import { DEFAULT_MAX_RESPONSE_BYTES, createOpenAIModel } from './openai.js';
import type { ChatModel } from './provider.js';

export type { ChatModel } from './provider.js';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export const NO_MODEL_MESSAGE = `No model configured: set PILOT_MODEL, plus OPENAI_API_KEY and/or OPENAI_BASE_URL (default ${DEFAULT_BASE_URL}; a local server may need no key). See .env.example.`;

/** A model name plus somewhere to send it: a key for the default API, or a base URL. */
export function isModelConfigured(env: Env): boolean {
  return Boolean(readString(env, 'PILOT_MODEL') && (readString(env, 'OPENAI_API_KEY') || readString(env, 'OPENAI_BASE_URL')));
}

/**
 * null when no model is configured; throws ConfigError when one is configured badly.
 * `concurrency` overrides PILOT_MODEL_CONCURRENCY (the eval runner passes PILOT_EVAL_CONCURRENCY).
 */
export function createModel(env: Env, overrides: { concurrency?: number } = {}): ChatModel | null {
  if (!isModelConfigured(env)) return null;
  const baseUrl = readString(env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL;
  // The API key travels to this URL: https, or plain http only to loopback, like every credential-bearing URL.
  parseSecureUrl('OPENAI_BASE_URL', baseUrl);
  const azureApiVersion = readString(env, 'OPENAI_API_VERSION');
  // Azure's dated API has no default host: without a base URL the default would be OpenAI's.
  if (azureApiVersion && !readString(env, 'OPENAI_BASE_URL')) {
    throw new ConfigError('OPENAI_API_VERSION is set (Azure OpenAI) but OPENAI_BASE_URL is not: set it to https://<resource>.openai.azure.com/openai');
  }
  return createOpenAIModel({
    baseUrl,
    apiKey: readString(env, 'OPENAI_API_KEY'),
    model: readString(env, 'PILOT_MODEL') ?? '',
    timeoutMs: readNumber(env, 'PILOT_MODEL_TIMEOUT_MS', 30_000, { min: 100 }),
    maxRetries: readNumber(env, 'PILOT_MODEL_MAX_RETRIES', 3, { min: 0, max: 10, integer: true }),
    concurrency: overrides.concurrency ?? readNumber(env, 'PILOT_MODEL_CONCURRENCY', 4, { min: 1, max: 64, integer: true }),
    azureApiVersion,
    organization: readString(env, 'OPENAI_ORG_ID'),
    project: readString(env, 'OPENAI_PROJECT_ID'),
    maxResponseBytes: readNumber(env, 'PILOT_MODEL_MAX_RESPONSE_BYTES', DEFAULT_MAX_RESPONSE_BYTES, { min: 1024, integer: true }),
  });
}

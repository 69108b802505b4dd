/** What the pipeline needs from a model: one chat completion at a time. */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /**
   * Counts the API left out of a `usage` it did send (counted as 0 above): the cost of that answer
   * is unknown, and the cost gate names what was missing.
   */
  missing?: UsageField[] | undefined;
}

export const USAGE_FIELDS = ['prompt_tokens', 'completion_tokens'] as const;
export type UsageField = (typeof USAGE_FIELDS)[number];

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Ask the API for a JSON object (OpenAI `response_format: json_object`). */
  json?: boolean;
  maxTokens?: number;
  temperature?: number;
}

export interface Completion {
  text: string;
  usage: Usage;
  model: string;
  latencyMs: number;
}

export interface ChatModel {
  readonly name: string;
  complete(request: CompletionRequest): Promise<Completion>;
  /** Running totals since this object was created: what a run cost in tokens. */
  readonly usage: Usage & { calls: number };
}

/** The model could not be reached or answered with an error (after retries). */
export class ModelError extends Error {
  override name = 'ModelError';
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/**
 * The model answered, but with a body over the client's size cap (PILOT_MODEL_MAX_RESPONSE_BYTES):
 * not read, and counted as an invalid answer rather than as no answer.
 */
export class OversizedAnswerError extends ModelError {
  override name = 'OversizedAnswerError';
}

export function emptyUsage(): Usage {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
}

/**
 * What every use case whose model answers in JSON shares: the untrusted text fenced off and redacted,
 * the answer validated with the use case's zod schema, and one case run end to end. An answer that
 * fails validation comes back `invalid` with its raw text and issues, so evals count it and the API reports it.
 */
import type { z } from 'zod';
import type { PipelineRun } from './contract.js';
import { redact } from './connectors/connector.js';
import { formatIssues } from './issues.js';
import { parseModelJson } from './model/json.js';
import type { ChatMessage, ChatModel } from './model/provider.js';

export type ParsedAnswer<T> = { ok: true; output: T } | { ok: false; issues: string[] };

/**
 * A customer's text as a tagged data block for the user message. Personal data is redacted first (the model
 * never needs it), and a closing tag inside the text is neutralised so it cannot end the block early.
 */
export function untrustedBlock(tag: string, input: { subject: string; body: string }): string {
  const tagPattern = tagPatternFor(tag);
  return `<${tag}>\nSubject: ${clean(input.subject, tagPattern)}\n\n${clean(input.body, tagPattern)}\n</${tag}>`;
}

// Built once per tag rather than per request: the service runs this on every call.
// (replace() with a global pattern resets its lastIndex, so sharing one is safe.)
const tagPatterns = new Map<string, RegExp>();
function tagPatternFor(tag: string): RegExp {
  let pattern = tagPatterns.get(tag);
  if (!pattern) {
    pattern = new RegExp(`</?${tag}>`, 'gi');
    tagPatterns.set(tag, pattern);
  }
  return pattern;
}

function clean(text: string, tagPattern: RegExp): string {
  const redacted = redact(text);
  // Every tag starts with '<'; texts without one (most) skip the case-insensitive scan.
  return redacted.includes('<') ? redacted.replace(tagPattern, '[tag]') : redacted;
}

/** Validates the model's text. Tolerates a ```json fence (some models add one), nothing else. */
export function parseJsonAnswer<S extends z.ZodType>(schema: S, raw: string): ParsedAnswer<z.infer<S>> {
  const json = parseModelJson(raw);
  if (!json.ok) return { ok: false, issues: ['answer is not JSON'] };
  const parsed = schema.safeParse(json.value);
  return parsed.success ? { ok: true, output: parsed.data } : { ok: false, issues: formatIssues(parsed.error) };
}

/** `maxTokens`: room for the answer; 200 fits a label and a reason, a summary or a reply needs more. */
export async function runJsonPipeline<S extends z.ZodType>(messages: ChatMessage[], schema: S, model: ChatModel, { maxTokens = 200 }: { maxTokens?: number } = {}): Promise<PipelineRun<z.infer<S>>> {
  const completion = await model.complete({ messages, json: true, maxTokens, temperature: 0 });
  const parsed = parseJsonAnswer(schema, completion.text);
  const common = { raw: completion.text, usage: completion.usage, latencyMs: completion.latencyMs };
  return parsed.ok ? { status: 'ok', output: parsed.output, ...common } : { status: 'invalid', issues: parsed.issues, ...common };
}

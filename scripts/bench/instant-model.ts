// The boundary server's model (bench only, never in templates): an in-process ChatModel that
// answers every bench case at once with its right label, as bench-answers.ts says, so the
// boundary bench measures the service (auth, validation, rate limit, audit) and no network hop.
// Typed against the template's own ChatModel, so a change there fails the bench's typecheck.
import type { ChatModel, Completion, CompletionRequest } from '../../templates/base/files/src/kit/model/provider.js';
import { type KnownCase, caseAnswerer, promptText } from './bench-answers.js';

export interface InstantModel extends ChatModel {
  /** Prompts it could not match to a known case (answered "other"). */
  readonly unmatched: number;
}

export function createInstantModel(name: string, cases: readonly KnownCase[]): InstantModel {
  const answerFor = caseAnswerer(cases);
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
  let unmatched = 0;
  return {
    name,
    usage,
    get unmatched() {
      return unmatched;
    },
    async complete(request: CompletionRequest): Promise<Completion> {
      const started = performance.now();
      // The case's subject is in the user message; the system prompt is the same on every call.
      const { content, matched } = answerFor(promptText(request.messages.filter((m) => m.role === 'user')));
      if (!matched) unmatched += 1;
      // Token counts as the loopback model reports them: about four characters a token.
      const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, request.messages.length - 1);
      const call = { promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(content.length / 4), totalTokens: 0 };
      call.totalTokens = call.promptTokens + call.completionTokens;
      usage.calls += 1;
      usage.promptTokens += call.promptTokens;
      usage.completionTokens += call.completionTokens;
      usage.totalTokens += call.totalTokens;
      return { text: content, usage: call, model: name, latencyMs: performance.now() - started };
    },
  };
}

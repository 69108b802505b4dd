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

/** What the stand-in says to one prompt, worked out once: the bench sends the same few prompts again and again. */
interface Reply {
  content: string;
  matched: boolean;
  promptTokens: number;
  completionTokens: number;
}

/** Distinct prompts remembered; the bench has a handful, so the bound only guards a misuse. */
const MAX_REMEMBERED = 1_000;

export function createInstantModel(name: string, cases: readonly KnownCase[]): InstantModel {
  const answerFor = caseAnswerer(cases);
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
  // Keyed by the user message itself (a string the pipeline already built, so looking it up
  // allocates nothing) and then by the prompt's length (the token count depends on the system
  // prompt too); a key joined from the messages would be a new 2 kB string per call.
  const replies = new Map<string, Map<number, Reply>>();
  let remembered = 0;
  let unmatched = 0;

  function replyTo(request: CompletionRequest): Reply {
    const users = request.messages.filter((m) => m.role === 'user');
    // Token counts as the loopback model reports them: about four characters a token.
    const promptChars = request.messages.reduce((sum, m) => sum + m.content.length, request.messages.length - 1);
    const key = users.length === 1 ? users[0]!.content : promptText(users);
    let byLength = replies.get(key);
    const known = byLength?.get(promptChars);
    if (known) return known;
    // The case's subject is in the user message; the system prompt is the same on every call.
    const { content, matched } = answerFor(promptText(users));
    const reply = { content, matched, promptTokens: Math.ceil(promptChars / 4), completionTokens: Math.ceil(content.length / 4) };
    if (remembered >= MAX_REMEMBERED) {
      replies.clear();
      remembered = 0;
      byLength = undefined;
    }
    if (!byLength) {
      byLength = new Map();
      replies.set(key, byLength);
    }
    byLength.set(promptChars, reply);
    remembered += 1;
    return reply;
  }

  return {
    name,
    usage,
    get unmatched() {
      return unmatched;
    },
    async complete(request: CompletionRequest): Promise<Completion> {
      const started = performance.now();
      const reply = replyTo(request);
      if (!reply.matched) unmatched += 1;
      const call = { promptTokens: reply.promptTokens, completionTokens: reply.completionTokens, totalTokens: reply.promptTokens + reply.completionTokens };
      usage.calls += 1;
      usage.promptTokens += call.promptTokens;
      usage.completionTokens += call.completionTokens;
      usage.totalTokens += call.totalTokens;
      return { text: reply.content, usage: call, model: name, latencyMs: performance.now() - started };
    },
  };
}

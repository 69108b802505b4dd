/** A ChatModel test double: answers from a function, never touches the network. */
import type { ChatMessage, ChatModel, Completion } from '../../../src/kit/model/provider.js';

export function fakeModel(answer: string | ((messages: ChatMessage[]) => string)): ChatModel & { calls: ChatMessage[][] } {
  const calls: ChatMessage[][] = [];
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
  return {
    name: 'fake-model',
    usage,
    calls,
    async complete({ messages }): Promise<Completion> {
      calls.push(messages);
      usage.calls += 1;
      usage.promptTokens += 100;
      usage.completionTokens += 10;
      usage.totalTokens += 110;
      const text = typeof answer === 'string' ? answer : answer(messages);
      return { text, usage: { promptTokens: 100, completionTokens: 10, totalTokens: 110 }, model: 'fake-model', latencyMs: 1 };
    },
  };
}

// How the fake model answers an eval: right (each case's expected output) or wrong (another allowed value).
import { type ChatRequest, caseMatcher, lastUserMessage } from './fake-openai.js';
import type { EvalCase } from './pilot.js';

export function rightAnswers(cases: EvalCase[]): (request: ChatRequest) => string {
  const match = caseMatcher(cases.filter((c) => c.expected));
  return (request) => JSON.stringify(match(lastUserMessage(request)).expected);
}

/** Every string field swapped for another value that field takes in other cases: valid shape, wrong answer. */
export function wrongAnswers(cases: EvalCase[]): (request: ChatRequest) => string {
  const labelled = cases.filter((c) => c.expected);
  const values = new Map<string, Set<string>>();
  for (const c of labelled) {
    for (const [key, value] of Object.entries(c.expected ?? {})) {
      if (typeof value === 'string') values.set(key, (values.get(key) ?? new Set()).add(value));
    }
  }
  const match = caseMatcher(labelled);
  return (request) => {
    const expected = match(lastUserMessage(request)).expected ?? {};
    const wrong = Object.fromEntries(
      Object.entries(expected).map(([key, value]) => [key, typeof value === 'string' ? ([...(values.get(key) ?? [])].find((other) => other !== value) ?? value) : value]),
    );
    return JSON.stringify(wrong);
  };
}

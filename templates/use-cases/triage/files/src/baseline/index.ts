/** The current process, runnable offline: helpdesk keyword triggers. Scored exactly like the pipeline. */
import type { Input, Priority, Queue } from '../pipeline.js';
import { fallback, priorityRules, queueRules } from './rules.js';

export interface BaselineOutput {
  queue: Queue;
  priority: Priority;
  /** The keywords that decided, for the report; null where a default applied. */
  matched: { queue: string | null; priority: string | null };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Keywords match at the start of a word ("crash" matches "crashes", and "down" matches "downgrade").
const compile = (keywords: readonly string[]) => keywords.map((k) => [k, new RegExp(`\\b${escapeRegExp(k)}`, 'i')] as const);
const queueMatchers = queueRules.map((r) => ({ value: r.queue, patterns: compile(r.keywords) }));
const priorityMatchers = priorityRules.map((r) => ({ value: r.priority, patterns: compile(r.keywords) }));

function firstMatch<T>(text: string, matchers: ReadonlyArray<{ value: T; patterns: ReadonlyArray<readonly [string, RegExp]> }>): { value: T; keyword: string } | null {
  for (const m of matchers) {
    const hit = m.patterns.find(([, pattern]) => pattern.test(text));
    if (hit) return { value: m.value, keyword: hit[0] };
  }
  return null;
}

export function runBaseline(input: Input): BaselineOutput {
  const text = `${input.subject}\n${input.body}`;
  const queue = firstMatch(text, queueMatchers);
  const priority = firstMatch(text, priorityMatchers);
  return {
    queue: queue?.value ?? fallback.queue,
    priority: priority?.value ?? fallback.priority,
    matched: { queue: queue?.keyword ?? null, priority: priority?.keyword ?? null },
  };
}

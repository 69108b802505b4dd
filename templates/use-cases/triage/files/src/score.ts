/**
 * How a triage answer is scored, for the pipeline and the baseline alike: a pass needs both the
 * queue and the priority right. The priority is the class (per-class precision and recall, the
 * confusion matrix): a missed urgent ticket is the expensive error, so that is what is broken down.
 */
import { z } from 'zod';
import type { JudgePlan, ScoreResult } from './kit/contract.js';
import { type Priority, type Queue, priorities, queues } from './pipeline.js';

/** The `expected` field of a case. */
export const expectedSchema = z.strictObject({ queue: z.enum(queues), priority: z.enum(priorities) });
export type Expected = z.infer<typeof expectedSchema>;

/** The allowed classes (priorities), in the order reports show them. */
export const classes: readonly string[] = priorities;

/** `actual` is null when there was no valid answer: wrong, but still counted in its class. */
export function scoreCase(expected: Expected, actual: { queue: Queue; priority: Priority } | null): ScoreResult {
  return {
    pass: actual?.queue === expected.queue && actual.priority === expected.priority,
    expectedClass: expected.priority,
    actualClass: actual?.priority,
  };
}

/** Values in a parsed answer (valid or not) outside the allowed sets: `queue=security`, `priority=critical`. */
export function outOfSetLabels(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const { queue, priority } = answer as { queue?: unknown; priority?: unknown };
  const out: string[] = [];
  if (typeof queue === 'string' && !(queues as readonly string[]).includes(queue)) out.push(`queue=${queue}`);
  if (typeof priority === 'string' && !(priorities as readonly string[]).includes(priority)) out.push(`priority=${priority}`);
  return out;
}

/** No judge model for this use case: its answers are scored by rule (see the JudgePlan contract). */
export function judgePlan(_input: unknown, _expected: Expected, _output: unknown, _baseline: unknown): JudgePlan | null {
  return null;
}

/** How a classify answer is scored: exact label match. Used for the pipeline and the baseline alike. */
import { z } from 'zod';
import type { JudgePlan, ScoreResult } from './kit/contract.js';
import { type Label, labels } from './pipeline.js';

/** The `expected` field of a case. */
export const expectedSchema = z.strictObject({ label: z.enum(labels) });
export type Expected = z.infer<typeof expectedSchema>;

/** The allowed classes, in the order reports show them (per-class metrics, confusion matrix). */
export const classes: readonly string[] = labels;

/** `actual` is null when there was no valid answer: wrong, but still counted in its class. */
export function scoreCase(expected: Expected, actual: { label: Label } | null): ScoreResult {
  return { pass: actual?.label === expected.label, expectedClass: expected.label, actualClass: actual?.label };
}

/** Labels in a parsed answer (valid or not) that are outside the allowed set: `label=refunds`. */
export function outOfSetLabels(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null || !('label' in answer)) return [];
  const label = (answer as { label: unknown }).label;
  return typeof label === 'string' && !classes.includes(label) ? [`label=${label}`] : [];
}

/** No judge model for this use case: its answers are scored by rule (see the JudgePlan contract). */
export function judgePlan(_input: unknown, _expected: Expected, _output: unknown, _baseline: unknown): JudgePlan | null {
  return null;
}

/**
 * From a use case's label spec to a case's `expected`: drafts from answers, validated by the use
 * case's own `expectedSchema`, and one short line that shows an answer to the person labelling.
 */
import type { z } from 'zod';
import { formatIssues } from '../issues.js';
import type { LabelSpec, Question } from './spec.js';

export type Checked = { ok: true; expected: unknown } | { ok: false; issues: string[] };

/** The values keyed by question, optional ones left out, as the use case's schema reads them. */
export function checkExpected(spec: LabelSpec, schema: z.ZodType, values: Record<string, unknown>): Checked {
  const candidate = Object.fromEntries(spec.questions.filter((q) => values[q.key] !== undefined).map((q) => [q.key, values[q.key]]));
  const parsed = schema.safeParse(candidate);
  return parsed.success ? { ok: true, expected: parsed.data } : { ok: false, issues: formatIssues(parsed.error) };
}

/** An answer (the baseline's, the model's) as an `expected` that "accept" may save, or null when it is not one. */
export function acceptable(spec: LabelSpec, schema: z.ZodType, answer: unknown): unknown | null {
  const checked = checkExpected(spec, schema, spec.draft(answer));
  return checked.ok ? checked.expected : null;
}

// An empty value (a null field, an empty list) shows as a dash, so `vendor: —` does not read as cut off.
const valueText = (question: Question, value: unknown): string => (question.kind === 'choice' ? String(value) : question.format(value)) || '—';

/** `queue: billing, priority: high`; long text cut, so one answer stays one or two lines. */
export function describeExpected(spec: LabelSpec, values: Record<string, unknown>, max = 160): string {
  const parts = spec.questions.filter((q) => values[q.key] !== undefined).map((q) => `${q.key}: ${valueText(q, values[q.key])}`);
  const text = parts.join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text || '(nothing usable)';
}

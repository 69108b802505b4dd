/**
 * How an extract answer is scored, for the pipeline and the baseline alike. Per field: a value equal
 * to the expected one is a true positive; a value where the document says nothing, or a different
 * value, is a false positive; a missing or different value where the document does say is a false
 * negative. A case passes on an exact record match. Strings compare trimmed and case-insensitively,
 * numbers to the cent.
 */
import type { JudgePlan, ScoreResult } from './kit/contract.js';
import { type FieldValue, fields, recordSchema } from './pipeline.js';

/** The `expected` field of a case: every field, null where the document does not state it. */
export const expectedSchema = recordSchema;
export type Expected = Record<string, FieldValue>;

/** No classes: the breakdown is per field (field_precision, field_recall, field_f1). */
export const classes: readonly string[] = [];

export function sameValue(expected: FieldValue, actual: FieldValue | undefined): boolean {
  if (expected === null || actual === null || actual === undefined) return expected === (actual ?? null);
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 0.005;
  if (typeof expected === 'string' && typeof actual === 'string') return expected.trim().toLowerCase() === actual.trim().toLowerCase();
  return expected === actual;
}

/** `actual` is null when there was no valid answer: every stated field is missed. */
export function scoreCase(expected: Expected, actual: Record<string, FieldValue | undefined> | null): ScoreResult {
  const measures: NonNullable<ScoreResult['measures']> = {};
  let exact = actual !== null;
  for (const { name } of fields) {
    const want = expected[name] ?? null;
    const got = actual ? (actual[name] ?? null) : null;
    const right = want !== null && sameValue(want, got);
    if (!sameValue(want, got)) exact = false;
    // precision: of the values given, the right ones; recall: of the values stated, the ones found.
    measures[`field_precision[${name}]`] = { hits: right ? 1 : 0, n: got === null ? 0 : 1 };
    measures[`field_recall[${name}]`] = { hits: right ? 1 : 0, n: want === null ? 0 : 1 };
  }
  return { pass: exact, measures };
}

/** Keys in a parsed answer (valid or not) that are not fields of this pilot: `field=amount`. */
export function outOfSetLabels(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const known = new Set<string>([...fields.map((f) => f.name), 'note', 'matched']);
  return Object.keys(answer)
    .filter((key) => !known.has(key))
    .map((key) => `field=${key}`);
}

/** No judge model for this use case: fields are checked against the expected record. */
export function judgePlan(_input: unknown, _expected: Expected, _output: unknown, _baseline: unknown): JudgePlan | null {
  return null;
}

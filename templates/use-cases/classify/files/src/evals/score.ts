/** How a classify answer is scored: exact label match. Used for the pipeline and the baseline alike. */
import { z } from 'zod';
import type { ScoreResult } from '../contract.js';
import { type Label, labels } from '../pipeline.js';

/** The `expected` field of a case. */
export const expectedSchema = z.strictObject({ label: z.enum(labels) });
export type Expected = z.infer<typeof expectedSchema>;

/** `actual` is null when there was no valid answer: wrong, but still counted in its class. */
export function scoreCase(expected: Expected, actual: { label: Label } | null): ScoreResult {
  return { pass: actual?.label === expected.label, expectedClass: expected.label, actualClass: actual?.label };
}

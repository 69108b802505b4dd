/**
 * How a summary is scored, for the pipeline and the baseline alike, by rule: every required fact
 * present (as one of its phrases), no forbidden claim made, within MAX_WORDS. A case passes when all
 * three hold. ROUGE-L against the reference summary is reported, never gated: a good summary can use
 * other words. Where PILOT_JUDGE_MODEL is set, a judge also answers yes/no checks (judgePlan).
 */
import { z } from 'zod';
import { redact } from './kit/connectors/connector.js';
import type { JudgePlan, ScoreResult } from './kit/contract.js';
import { meets, rougeL, words } from './kit/text/phrases.js';
import { type Input, MAX_WORDS } from './pipeline.js';

const phrase = z.string().trim().min(1);

/** The `expected` field of a case. */
export const expectedSchema = z.strictObject({
  /** Facts the summary must state; each as a phrase, or a list of phrases any of which will do. */
  facts: z.array(z.union([phrase, z.array(phrase).min(1)])),
  /** Claims the summary must not make (an outcome that did not happen, a promise not given). */
  forbidden: z.array(phrase),
  /** A good summary, for ROUGE-L (reported only). */
  reference: z.string().min(1),
  /** Case-specific yes/no questions for the judge, where yes is good. */
  checks: z.array(phrase).optional(),
});
export type Expected = z.infer<typeof expectedSchema>;

/** No classes: the breakdown is by measure (fact coverage, forbidden claims, length). */
export const classes: readonly string[] = [];

/** `actual` is null when there was no valid answer: no fact covered, and too short to be a summary. */
export function scoreCase(expected: Expected, actual: { summary: string } | null): ScoreResult {
  if (!actual) {
    return { pass: false, measures: { fact_coverage: { hits: 0, n: expected.facts.length }, length_ok_rate: { hits: 0, n: 1 } } };
  }
  const covered = expected.facts.filter((fact) => meets(actual.summary, fact)).length;
  const claimed = expected.forbidden.filter((claim) => meets(actual.summary, claim)).length;
  const count = words(actual.summary).length;
  const lengthOk = count > 0 && count <= MAX_WORDS;
  return {
    pass: covered === expected.facts.length && claimed === 0 && lengthOk,
    measures: {
      fact_coverage: { hits: covered, n: expected.facts.length },
      forbidden_claim_rate: { hits: claimed, n: expected.forbidden.length },
      length_ok_rate: { hits: lengthOk ? 1 : 0, n: 1 },
    },
    scores: { rouge_l: rougeL(actual.summary, expected.reference) },
  };
}

/** A summary has no labels to be out of set. */
export function outOfSetLabels(_answer: unknown): string[] {
  return [];
}

/** The judge's yes/no checks for one summary: faithfulness always, plus the case's own. */
export const STANDARD_CHECKS = ['Is every statement in the answer supported by the source?', 'Would someone who has to act on the source know from the answer what is asked and what happens next?'];

export function judgePlan(input: Input, expected: Expected, output: { summary: string }, _baseline: unknown): JudgePlan | null {
  return { source: redact(`${input.subject}\n\n${input.body}`), answer: output.summary, checks: [...STANDARD_CHECKS, ...(expected.checks ?? [])] };
}

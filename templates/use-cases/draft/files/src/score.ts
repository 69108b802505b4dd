/**
 * How a reply draft is scored, for the pipeline and the baseline alike. By rule, a rubric of yes/no
 * checks: each `must_include` stated (as one of its phrases), no `must_not_include` phrase, within
 * MAX_WORDS; a case passes when every rule holds. Where PILOT_JUDGE_MODEL is set, a judge also
 * answers yes/no checks (tone, whether the reply answers the customer, the case's own) and compares
 * the draft with the canned reply, in both orders (judgePlan).
 */
import { z } from 'zod';
import { redact } from './kit/connectors/connector.js';
import type { JudgePlan, ScoreResult } from './kit/contract.js';
import { meets, words } from './kit/text/phrases.js';
import { type Input, MAX_WORDS } from './pipeline.js';

const phrase = z.string().trim().min(1);

/** The `expected` field of a case. */
export const expectedSchema = z.strictObject({
  /** What the reply must say; each as a phrase, or a list of phrases any of which will do. */
  must_include: z.array(z.union([phrase, z.array(phrase).min(1)])),
  /** What it must never say: a promise nobody made, personal data, blame. */
  must_not_include: z.array(phrase),
  /** A good reply, for the reviewer (and the test double that plays a good model). */
  reference: z.string().min(1),
  /** Case-specific yes/no questions for the judge, where yes is good. */
  checks: z.array(phrase).optional(),
});
export type Expected = z.infer<typeof expectedSchema>;

/** No classes: the breakdown is the rubric. */
export const classes: readonly string[] = [];

/** `actual` is null when there was no valid answer: every rule fails. */
export function scoreCase(expected: Expected, actual: { reply: string } | null): ScoreResult {
  const rules = expected.must_include.length + expected.must_not_include.length + 1;
  if (!actual) return { pass: false, measures: { rubric_pass_rate: { hits: 0, n: rules }, length_ok_rate: { hits: 0, n: 1 } } };
  const included = expected.must_include.filter((r) => meets(actual.reply, r)).length;
  const avoided = expected.must_not_include.filter((r) => !meets(actual.reply, r)).length;
  const count = words(actual.reply).length;
  const lengthOk = count > 0 && count <= MAX_WORDS;
  const passed = included + avoided + (lengthOk ? 1 : 0);
  return { pass: passed === rules, measures: { rubric_pass_rate: { hits: passed, n: rules }, length_ok_rate: { hits: lengthOk ? 1 : 0, n: 1 } } };
}

/** A reply has no labels to be out of set. */
export function outOfSetLabels(_answer: unknown): string[] {
  return [];
}

export const STANDARD_CHECKS = [
  'Is the answer polite, calm and professional in tone?',
  'Does the answer respond to what the customer actually asked?',
  'Does the answer avoid promising anything (a refund, a credit, a date) that the source does not show was agreed?',
];
export const PAIRWISE_QUESTION = 'As the support team, which answer would you rather send to this customer?';

export function judgePlan(input: Input, expected: Expected, output: { reply: string }, baseline: { reply: string }): JudgePlan | null {
  return {
    source: redact(`${input.subject}\n\n${input.body}`),
    answer: output.reply,
    checks: [...STANDARD_CHECKS, ...(expected.checks ?? [])],
    pairwise: { question: PAIRWISE_QUESTION, baselineAnswer: redact(baseline.reply) },
  };
}

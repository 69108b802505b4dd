/**
 * The shapes the use-case layer implements (src/pipeline.ts, src/score.ts).
 * Server, eval runner and readiness only see a use case through these, so a new use case
 * is a new layer, not an edit here. See "The contract between layers" in the template README.
 */
import type { Usage } from './model/provider.js';

/**
 * One pipeline call. A model answer that fails validation is `invalid` and kept (raw text
 * and issues), never silently dropped: invalid answers are a metric, not noise.
 * Transport failures (timeouts, 5xx after retries) are thrown as ModelError instead.
 */
export type PipelineRun<Output> =
  | { status: 'ok'; output: Output; raw: string; usage: Usage; latencyMs: number }
  | { status: 'invalid'; raw: string; issues: string[]; usage: Usage; latencyMs: number };

/**
 * How one answer compares with the expected one: `scoreCase(expected, actual | null)`, where null
 * means no valid answer (always a fail). Classes feed per-class precision, recall, macro-F1 and
 * the confusion matrix; a use case without classes leaves them out.
 */
export interface ScoreResult {
  pass: boolean;
  expectedClass?: string;
  actualClass?: string;
  /**
   * Use-case measures as counts, pooled over the cases into a proportion with its 95% interval:
   * `{ fact_coverage: { hits: 3, n: 4 } }`, `{ 'field_recall[total]': { hits: 1, n: 1 } }`.
   * Ids are registered in evals/measures.ts.
   */
  measures?: Record<string, { hits: number; n: number }>;
  /** Per-case scores averaged over the cases (bootstrap interval), e.g. `rouge_l`: reported, or gated where measures.ts allows. */
  scores?: Record<string, number>;
}

/**
 * What a judge model is asked about one answer (src/score.ts `judgePlan`; null = no judge for this case):
 * yes/no checks where yes is good, and optionally a comparison with the baseline's answer, asked in both orders.
 */
export interface JudgePlan {
  /** What the answer is about, redacted: the document summarized, the message replied to. */
  source: string;
  /** The answer as the judge reads it. */
  answer: string;
  checks: string[];
  pairwise?: { question: string; baselineAnswer: string };
}

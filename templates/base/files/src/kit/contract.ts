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
}

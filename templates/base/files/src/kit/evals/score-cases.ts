/**
 * Runs one case through the baseline or the pipeline and scores it with the use case's scoreCase:
 * the same function for both, so the comparison is fair by construction.
 */
import { runBaseline } from '../../baseline/index.js';
import { parseModelJson } from '../model/json.js';
import { type Price, costUsd } from '../model/pricing.js';
import { type ChatModel, ModelError, OversizedAnswerError } from '../model/provider.js';
import { runPipeline } from '../../pipeline.js';
import type { EvalCase } from './cases.js';
import type { CaseOutcome } from './metrics.js';
import { outOfSetLabels, scoreCase } from '../../score.js';

export type Scored = CaseOutcome & { output: unknown };

/** The baseline's latency and cost are the current process's (people), declared in the criteria, not measured here. */
export function scoreBaselineCase(c: EvalCase): Scored {
  const output = runBaseline(c.input);
  return { id: c.id, tags: c.tags, status: 'ok', ...scoreCase(c.expected, output), outOfSet: outOfSetLabels(output), output };
}

/** `model` is the per-case view of the model (cache included); `cacheHits` says whether it answered from disk. */
export async function scorePipelineCase(c: EvalCase, model: ChatModel, price: Price | null, cacheHits: () => number = () => 0): Promise<Scored> {
  const base = { id: c.id, tags: c.tags };
  const started = performance.now();
  try {
    const run = await runPipeline(c.input, model);
    // No token counts from the API (usage absent or all zero: no real call reads zero prompt tokens),
    // or a usage that lacks a count, leaves the cost unknown, never $0 (nor NaN).
    const metered = run.usage !== undefined && run.usage.totalTokens + run.usage.promptTokens > 0 && !run.usage.missing;
    const measured = { latencyMs: run.latencyMs, usage: run.usage, costUsd: price && metered ? costUsd(run.usage, price) : null, cached: cacheHits() > 0 };
    if (run.status === 'invalid') {
      // An invalid answer is a wrong answer, and it is reported with its raw text. If it parsed as
      // JSON, any label outside the allowed set is counted for out_of_set_rate.
      const parsed = parseModelJson(run.raw);
      const outOfSet = parsed.ok ? outOfSetLabels(parsed.value) : [];
      return { ...base, status: 'invalid', ...scoreCase(c.expected, null), outOfSet, ...measured, detail: `${run.issues.join('; ')}; raw: ${run.raw.slice(0, 200)}`, output: null };
    }
    return { ...base, status: 'ok', ...scoreCase(c.expected, run.output), outOfSet: outOfSetLabels(run.output), ...measured, output: run.output };
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    if (err instanceof OversizedAnswerError) {
      // The model answered, too much to read: a wrong answer (invalid), not a missing one. Its tokens are unknown.
      return { ...base, status: 'invalid', ...scoreCase(c.expected, null), outOfSet: [], latencyMs: performance.now() - started, costUsd: null, cached: false, detail: err.message, output: null };
    }
    // A failed call still took this long (a timeout at least the timeout, retries included): latency counts it.
    return { ...base, status: 'error', ...scoreCase(c.expected, null), latencyMs: performance.now() - started, detail: err.message, output: null };
  }
}

/**
 * One case asked N times: each ask counts 1/N in the metrics; the case passes only when every ask
 * did, and it is flaky when the asks' answers differ.
 */
export function combineRepeats(asks: readonly Scored[]): Scored & { flaky: boolean } {
  const first = asks[0] as Scored;
  if (asks.length === 1) return { ...first, flaky: false };
  const answers = new Set(asks.map((a) => (a.status === 'error' ? `error` : JSON.stringify(a.output ?? null))));
  const worst = asks.find((a) => a.status === 'error') ?? asks.find((a) => a.status === 'invalid') ?? first;
  return {
    ...first,
    status: worst.status,
    detail: worst.detail,
    pass: asks.every((a) => a.pass),
    cached: asks.every((a) => a.cached),
    repeats: [...asks],
    flaky: answers.size > 1,
  };
}

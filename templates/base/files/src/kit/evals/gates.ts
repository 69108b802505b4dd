/** Judges summaries against success-criteria.yaml and turns the gates into a verdict and exit code. */
import type { BeatBaseline, Criteria, MetricGate } from './criteria.js';
import { type CaseOutcome, type Estimate, type Summary, metricKey } from './metrics.js';
import { mcnemarExact } from './stats.js';

export type GateStatus = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

export interface GateResult {
  /** metricKey() for metric gates; `beat_baseline`, `latency_p95_ms`, `cost_per_case_usd` otherwise. */
  key: string;
  /** Human-readable, e.g. `recall[urgent] >= 0.9 (point)`. */
  gate: string;
  status: GateStatus;
  /** The number judged (the point value or the interval end named by judge_on). */
  actual: number | null;
  threshold: number;
  estimate?: Estimate | undefined;
  note?: string | undefined;
}

export interface BeatBaselineResult extends GateResult {
  /** metricKey() of the metric compared. */
  metric: string;
  pipeline: number | null;
  baseline: number | null;
  /** Paired cases: b = only the pipeline passed, c = only the baseline passed. */
  mcnemar: { b: number; c: number; pValue: number; alpha: number };
}

/** Above this share of cases without an answer, the run says nothing about the model. */
export const MAX_ERROR_RATE = 0.1;

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : Number(x.toFixed(4)).toString());

export function judgeMetric(gate: MetricGate, summary: Summary): GateResult {
  const key = metricKey(gate);
  const isMin = gate.min !== undefined;
  const threshold = (isMin ? gate.min : gate.max) as number;
  const text = `${key} ${isMin ? '>=' : '<='} ${threshold} (${gate.judge_on})`;
  const estimate = summary.metrics[key];
  if (!estimate || estimate.value === null) {
    const why = gate.class ? `no case expects or got class "${gate.class}"` : gate.tag ? `no case is tagged "${gate.tag}"` : 'nothing to measure';
    return { key, gate: text, status: 'INCONCLUSIVE', actual: null, threshold, estimate, note: why };
  }
  const ok = (x: number) => (isMin ? x >= threshold : x <= threshold);
  if (gate.judge_on === 'point' || !estimate.ci95) {
    return { key, gate: text, status: ok(estimate.value) ? 'PASS' : 'FAIL', actual: estimate.value, threshold, estimate };
  }
  const { low, high } = estimate.ci95;
  const pessimistic = isMin ? low : high;
  const optimistic = isMin ? high : low;
  if (ok(pessimistic)) return { key, gate: text, status: 'PASS', actual: pessimistic, threshold, estimate };
  if (!ok(optimistic)) return { key, gate: text, status: 'FAIL', actual: pessimistic, threshold, estimate };
  // The interval straddles the bar: more cases, not more optimism, would settle it.
  return {
    key,
    gate: text,
    status: 'INCONCLUSIVE',
    actual: pessimistic,
    threshold,
    estimate,
    note: `95% interval [${fmt(low)}, ${fmt(high)}] straddles ${threshold}; add cases to decide`,
  };
}

/**
 * The pilot beats the current process when its point estimate is ahead by the margin AND the
 * paired per-case difference is significant (exact McNemar): a lead that a few coin flips could
 * explain is inconclusive, not a pass. Cases must be the same, in the same order, for both.
 */
export function judgeBeatBaseline(rule: BeatBaseline, pipeline: Summary, baseline: Summary, pairs: { pipeline: readonly CaseOutcome[]; baseline: readonly CaseOutcome[] }): BeatBaselineResult {
  const key = metricKey({ id: rule.metric, class: rule.class, tag: rule.tag });
  const p = pipeline.metrics[key]?.value ?? null;
  const b0 = baseline.metrics[key]?.value ?? null;
  let b = 0;
  let c = 0;
  pairs.pipeline.forEach((o, i) => {
    const base = pairs.baseline[i];
    if (!base) return;
    if (o.pass && !base.pass) b += 1;
    if (!o.pass && base.pass) c += 1;
  });
  const pValue = mcnemarExact(b, c);
  const mcnemar = { b, c, pValue, alpha: rule.alpha };
  const gate = `beats baseline on ${key} by >= ${rule.margin}, McNemar p < ${rule.alpha}`;
  const common = { key: 'beat_baseline', gate, threshold: rule.margin, metric: key, pipeline: p, baseline: b0, mcnemar };
  if (p === null || b0 === null) return { ...common, status: 'INCONCLUSIVE', actual: null, note: `${key} not measurable for both` };
  const delta = p - b0;
  if (delta < rule.margin) return { ...common, status: 'FAIL', actual: delta };
  if (b > c && pValue < rule.alpha) return { ...common, status: 'PASS', actual: delta, note: `${b} cases only the pipeline got right, ${c} only the baseline; p=${fmt(pValue)}` };
  return {
    ...common,
    status: 'INCONCLUSIVE',
    actual: delta,
    note: `ahead by ${fmt(delta)} but McNemar p=${fmt(pValue)} (b=${b}, c=${c}) is not below ${rule.alpha}; add cases to decide`,
  };
}

export function judgeLatency(criteria: Criteria, summary: Summary): GateResult {
  const max = criteria.latency.p95_ms;
  const p95 = summary.latencyP95Ms;
  const gate = `latency p95 <= ${max} ms`;
  if (p95 === null) return { key: 'latency_p95_ms', gate, status: 'INCONCLUSIVE', actual: null, threshold: max, note: 'no latency measured' };
  return { key: 'latency_p95_ms', gate, status: p95 <= max ? 'PASS' : 'FAIL', actual: p95, threshold: max };
}

export function judgeCost(criteria: Criteria, summary: Summary, missingPriceNote: string): GateResult {
  const max = criteria.cost.per_case_usd_max;
  const cost = summary.costPerCaseUsd;
  const gate = `cost per case <= $${max}`;
  if (cost === null) return { key: 'cost_per_case_usd', gate, status: 'INCONCLUSIVE', actual: null, threshold: max, note: missingPriceNote };
  return { key: 'cost_per_case_usd', gate, status: cost <= max ? 'PASS' : 'FAIL', actual: cost, threshold: max };
}

export type Verdict = 'cleared' | 'not_cleared' | 'inconclusive';

export const EXIT_CODES: Record<Verdict | 'invalid', number> = { cleared: 0, not_cleared: 1, inconclusive: 2, invalid: 3 };

/**
 * Reasons that make the run inconclusive whatever the gates say (no model, too few cases,
 * too many errors) come first; then any failed gate; then any undecided gate.
 */
export function verdictOf(gates: readonly GateResult[], blockers: readonly string[]): Verdict {
  if (blockers.length > 0) return 'inconclusive';
  if (gates.some((g) => g.status === 'FAIL')) return 'not_cleared';
  if (gates.some((g) => g.status === 'INCONCLUSIVE')) return 'inconclusive';
  return 'cleared';
}

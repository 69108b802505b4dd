/** Judges summaries against success-criteria.yaml and turns the gates into a verdict and exit code. */
import type { Criteria, MetricGate } from './criteria.js';
import type { Summary } from './metrics.js';

export type GateStatus = 'pass' | 'fail' | 'inconclusive';

export interface GateResult {
  gate: string;
  status: GateStatus;
  actual: number | null;
  threshold: number;
  note?: string;
}

/** Above this share of cases without an answer, the run says nothing about the model. */
export const MAX_ERROR_RATE = 0.1;

const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

function atLeast(gate: string, actual: number | null, min: number, missing: string): GateResult {
  if (actual === null) return { gate, status: 'inconclusive', actual, threshold: min, note: missing };
  return { gate, status: actual >= min ? 'pass' : 'fail', actual, threshold: min };
}

export function judgeMetric(metric: MetricGate, summary: Summary): GateResult {
  switch (metric.id) {
    case 'accuracy': {
      const gate = `accuracy >= ${metric.min} (${metric.judge_on})`;
      if (metric.judge_on === 'point') return atLeast(gate, summary.accuracy, metric.min, '');
      const { low, high } = summary.ci95;
      if (low >= metric.min) return { gate, status: 'pass', actual: low, threshold: metric.min };
      if (high < metric.min) return { gate, status: 'fail', actual: low, threshold: metric.min };
      // The interval straddles the bar: more cases, not more optimism, would settle it.
      return {
        gate,
        status: 'inconclusive',
        actual: low,
        threshold: metric.min,
        note: `95% interval [${fmt(low)}, ${fmt(high)}] straddles ${metric.min}; add cases to decide`,
      };
    }
    case 'recall':
      return atLeast(`recall[${metric.class}] >= ${metric.min}`, summary.recall[metric.class]?.value ?? null, metric.min, `no case expects class "${metric.class}"`);
    case 'pass_rate':
      return atLeast(`pass_rate[${metric.tag}] >= ${metric.min}`, summary.passRateByTag[metric.tag]?.value ?? null, metric.min, `no case is tagged "${metric.tag}"`);
  }
}

export function judge(criteria: Criteria, pipeline: Summary, baseline: Summary, costNote: string): GateResult[] {
  const gates = criteria.metrics.map((m) => judgeMetric(m, pipeline));
  const margin = criteria.beat_baseline.margin;
  gates.push({
    gate: `beats baseline on accuracy by >= ${margin}`,
    status: pipeline.accuracy - baseline.accuracy >= margin ? 'pass' : 'fail',
    actual: pipeline.accuracy - baseline.accuracy,
    threshold: margin,
  });
  const p95 = pipeline.latencyP95Ms;
  gates.push(
    p95 === null
      ? { gate: `latency p95 <= ${criteria.latency.p95_ms} ms`, status: 'inconclusive', actual: null, threshold: criteria.latency.p95_ms, note: 'no latency measured' }
      : { gate: `latency p95 <= ${criteria.latency.p95_ms} ms`, status: p95 <= criteria.latency.p95_ms ? 'pass' : 'fail', actual: p95, threshold: criteria.latency.p95_ms },
  );
  const cost = pipeline.costPerCaseUsd;
  const max = criteria.cost.per_case_usd_max;
  gates.push(
    cost === null
      ? { gate: `cost per case <= $${max}`, status: 'inconclusive', actual: null, threshold: max, note: costNote }
      : { gate: `cost per case <= $${max}`, status: cost <= max ? 'pass' : 'fail', actual: cost, threshold: max },
  );
  return gates;
}

export type Verdict = 'cleared' | 'not_cleared' | 'inconclusive';

export const EXIT_CODES: Record<Verdict | 'invalid', number> = { cleared: 0, not_cleared: 1, inconclusive: 2, invalid: 3 };

/**
 * Reasons that make the run inconclusive whatever the gates say (no model, too few cases,
 * too many errors) come first; then any failed gate; then any undecided gate.
 */
export function verdictOf(gates: readonly GateResult[], blockers: readonly string[]): Verdict {
  if (blockers.length > 0) return 'inconclusive';
  if (gates.some((g) => g.status === 'fail')) return 'not_cleared';
  if (gates.some((g) => g.status === 'inconclusive')) return 'inconclusive';
  return 'cleared';
}

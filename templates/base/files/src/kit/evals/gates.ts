/** Judges summaries against success-criteria.yaml and turns the gates into a verdict and exit code. */
import { USAGE_FIELDS } from '../model/provider.js';
import type { BeatBaseline, Criteria, MetricGate } from './criteria.js';
import { type CaseOutcome, type Estimate, type Pair, type Summary, asksOf, macroF1Resampler, metricKey, pairsOf, passRateOf } from './metrics.js';
import { newcombePairedDiff, pairedBootstrap } from './paired.js';
import { type Interval, mcnemarExact, wilson } from './stats.js';

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
  /** The cases the comparison ran on: the gated metric's own (one class's, one tag's, or all). */
  cases: number;
  /** Which cases, in words, for the report: e.g. `the 12 cases expecting "bug"`. */
  basis: string;
  /** 95% interval of the paired difference (pipeline - baseline) on those cases. */
  interval: Interval | null;
  method: 'newcombe' | 'paired-bootstrap';
  /** Discordant pairs and exact p, when each case is one pass/fail for both systems; null otherwise. */
  mcnemar: { b: number; c: number; pValue: number; alpha: number } | null;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : Number(x.toFixed(4)).toString());

/** A threshold as the decimal it was written as (0.1 is 1/10, not 0.1000000000000000055...). */
function decimalRational(x: number): { p: bigint; q: bigint } {
  const [mantissa = '0', exponent = '0'] = String(x).toLowerCase().split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  let p = BigInt(`${whole}${fraction}`);
  let q = 10n ** BigInt(fraction.length);
  const e = Number(exponent);
  if (e > 0) p *= 10n ** BigInt(e);
  else q *= 10n ** BigInt(-e);
  return { p, q };
}

/** num/den >= threshold (or <=), compared exactly as rationals: 54/60 - 48/60 is exactly 0.1. */
export function compareExact(num: number, den: number, threshold: number): -1 | 0 | 1 {
  const { p, q } = decimalRational(threshold);
  const left = BigInt(Math.round(num)) * q;
  const right = p * BigInt(Math.round(den));
  return left === right ? 0 : left > right ? 1 : -1;
}

function meetsPoint(estimate: Estimate, isMin: boolean, threshold: number): boolean {
  const order = estimate.exact && estimate.exact.den > 0 ? compareExact(estimate.exact.num, estimate.exact.den, threshold) : Math.sign((estimate.value ?? 0) - threshold);
  return isMin ? order >= 0 : order <= 0;
}

/**
 * Questions the judge left without a verdict count in the direction that hurts the pipeline: as a
 * "no" (a loss) for a min gate, as a "yes" (a win) for a max gate. Dropping them let a judge that
 * answered 2 of 51 questions pass a judge_pass_rate gate at 2/2.
 */
function countMissingAgainst(estimate: Estimate | undefined, isMin: boolean): { estimate: Estimate | undefined; note?: string } {
  const missing = estimate?.missing ?? 0;
  if (!estimate || missing === 0 || estimate.hits === undefined) return { estimate };
  const hits = estimate.hits + (isMin ? 0 : missing);
  const n = estimate.n + missing;
  // Ties count 0.5 in win_rate: doubled, every count is whole and the comparison stays exact.
  const scale = Number.isInteger(hits) ? 1 : 2;
  const exact = Number.isInteger(hits * scale) ? { num: hits * scale, den: n * scale } : undefined;
  const pessimistic: Estimate = { value: hits / n, ci95: wilson(hits, n), hits, n, method: 'wilson', exact, missing };
  return { estimate: pessimistic, note: `${missing} question(s) without a usable verdict counted as ${isMin ? 'failures' : 'passes'} (the pessimistic side)` };
}

export function judgeMetric(gate: MetricGate, summary: Summary): GateResult {
  const key = metricKey(gate);
  const isMin = gate.min !== undefined;
  const threshold = (isMin ? gate.min : gate.max) as number;
  const text = `${key} ${isMin ? '>=' : '<='} ${threshold} (${gate.judge_on})`;
  const counted = countMissingAgainst(summary.metrics[key], isMin);
  const result = judgeEstimate(key, text, gate, isMin, threshold, counted.estimate);
  if (!counted.note) return result;
  return { ...result, note: result.note ? `${result.note}; ${counted.note}` : counted.note };
}

function judgeEstimate(key: string, text: string, gate: MetricGate, isMin: boolean, threshold: number, estimate: Estimate | undefined): GateResult {
  if (!estimate || estimate.value === null) {
    const why = gate.class ? `no case expects or got class "${gate.class}"` : gate.tag ? `no case is tagged "${gate.tag}"` : 'nothing to measure';
    return { key, gate: text, status: 'INCONCLUSIVE', actual: null, threshold, estimate, note: why };
  }
  const ok = (x: number) => (isMin ? x >= threshold : x <= threshold);
  if (gate.judge_on === 'point' || !estimate.ci95) {
    return { key, gate: text, status: meetsPoint(estimate, isMin, threshold) ? 'PASS' : 'FAIL', actual: estimate.value, threshold, estimate };
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

/** Per-case values of a metric that is a share of a fixed set of cases: the pairs McNemar needs. */
interface PerCase {
  indices: number[];
  pipeline: number[];
  baseline: number[];
  basis: string;
}

function perCaseValues(rule: BeatBaseline, pipeline: readonly CaseOutcome[], baseline: readonly CaseOutcome[]): PerCase | null {
  const pick = (keep: (o: CaseOutcome) => boolean, value: (o: CaseOutcome) => number, basis: (n: number) => string): PerCase => {
    const indices = baseline.flatMap((o, i) => (keep(o) ? [i] : []));
    return {
      indices,
      pipeline: indices.map((i) => value(pipeline[i] as CaseOutcome)),
      baseline: indices.map((i) => value(baseline[i] as CaseOutcome)),
      basis: basis(indices.length),
    };
  };
  if (rule.metric === 'accuracy')
    return pick(
      () => true,
      passRateOf,
      (n) => `all ${n} cases`,
    );
  if (rule.metric === 'pass_rate')
    return pick(
      (o) => o.tags.includes(rule.tag ?? ''),
      passRateOf,
      (n) => `the ${n} cases tagged "${rule.tag}"`,
    );
  if (rule.metric === 'recall') {
    // The cases expecting the class, whatever either system answered: the same set for both.
    const hitRate = (o: CaseOutcome) => {
      const asks = asksOf(o);
      return asks.filter((a) => a.actualClass === rule.class).length / asks.length;
    };
    return pick(
      (o) => o.expectedClass === rule.class,
      hitRate,
      (n) => `the ${n} cases expecting "${rule.class}"`,
    );
  }
  return null; // precision and macro-F1: the cases behind them depend on the answers, so bootstrap.
}

/** The gated statistic of a resample (a list of case indices), for the paired bootstrap; `casePairs[i]` is pairsOf(case i). */
function statisticOf(rule: BeatBaseline, casePairs: readonly (readonly Pair[])[], classes: readonly string[]): (indices: readonly number[]) => number | null {
  if (rule.metric === 'macro_f1') return macroF1Resampler(casePairs, classes);
  if (rule.metric !== 'precision') return () => null;
  return (indices) => {
    let predicted = 0;
    let tp = 0;
    for (const i of indices) {
      for (const p of casePairs[i] ?? []) {
        if (p.actual !== rule.class) continue;
        predicted += p.weight ?? 1;
        if (p.expected === rule.class) tp += p.weight ?? 1;
      }
    }
    return predicted === 0 ? null : tp / predicted;
  };
}

/**
 * The pilot beats the current process when the lower end of the 95% interval of the paired
 * difference clears the margin (and, for per-case pass/fail, exact McNemar p < alpha); it fails when
 * the upper end is below the margin; anything between is inconclusive. The pairs are the cases behind
 * the gated metric only: a lead on one class is tested on that class's cases, not on all of them.
 * Metrics that are not a share of fixed cases (macro-F1, precision), and per-case pass rates from
 * repeats, use a paired bootstrap over cases.
 */
export function judgeBeatBaseline(
  rule: BeatBaseline,
  pipeline: Summary,
  baseline: Summary,
  pairs: { pipeline: readonly CaseOutcome[]; baseline: readonly CaseOutcome[] },
  classes: readonly string[] = [],
): BeatBaselineResult {
  const key = metricKey({ id: rule.metric, class: rule.class, tag: rule.tag });
  const p = pipeline.metrics[key]?.value ?? null;
  const b0 = baseline.metrics[key]?.value ?? null;
  const gate = `beats baseline on ${key} by >= ${rule.margin} (95% interval of the paired difference)`;
  const perCase = perCaseValues(rule, pairs.pipeline, pairs.baseline);
  const binary = perCase !== null && [...perCase.pipeline, ...perCase.baseline].every((v) => v === 0 || v === 1);
  let interval: Interval | null = null;
  let mcnemar: BeatBaselineResult['mcnemar'] = null;
  let cases = pairs.baseline.length;
  let basis = `all ${cases} cases (paired bootstrap of ${key})`;
  if (perCase && binary) {
    let both = 0;
    let onlyPipeline = 0;
    let onlyBaseline = 0;
    perCase.pipeline.forEach((v, i) => {
      const w = perCase.baseline[i];
      if (v === 1 && w === 1) both += 1;
      else if (v === 1) onlyPipeline += 1;
      else if (w === 1) onlyBaseline += 1;
    });
    const neither = perCase.indices.length - both - onlyPipeline - onlyBaseline;
    cases = perCase.indices.length;
    basis = perCase.basis;
    interval = cases === 0 ? null : newcombePairedDiff(both, onlyPipeline, onlyBaseline, neither);
    mcnemar = { b: onlyPipeline, c: onlyBaseline, pValue: mcnemarExact(onlyPipeline, onlyBaseline), alpha: rule.alpha };
  } else if (perCase) {
    cases = perCase.indices.length;
    basis = `${perCase.basis} (paired bootstrap: pass rates over repeats)`;
    const mean = (xs: readonly number[], idx: readonly number[]) => idx.reduce((s, i) => s + (xs[i] ?? 0), 0) / idx.length;
    interval = cases === 0 ? null : pairedBootstrap(cases, (idx) => mean(perCase.pipeline, idx) - mean(perCase.baseline, idx));
  } else {
    // Each case's pairs once, not once per resample.
    const ofPipeline = statisticOf(rule, pairs.pipeline.map(pairsOf), classes);
    const ofBaseline = statisticOf(rule, pairs.baseline.map(pairsOf), classes);
    interval = pairedBootstrap(cases, (idx) => {
      const a = ofPipeline(idx);
      const c = ofBaseline(idx);
      return a === null || c === null ? null : a - c;
    });
  }
  const common = {
    key: 'beat_baseline',
    gate,
    threshold: rule.margin,
    metric: key,
    pipeline: p,
    baseline: b0,
    cases,
    basis,
    interval,
    method: mcnemar ? ('newcombe' as const) : ('paired-bootstrap' as const),
    mcnemar,
  };
  if (p === null || b0 === null || interval === null || cases === 0) {
    return { ...common, status: 'INCONCLUSIVE', actual: null, note: `${key} not measurable for both (${basis})` };
  }
  const delta = p - b0;
  const range = `95% interval of the difference [${fmt(interval.low)}, ${fmt(interval.high)}] on ${basis}`;
  const test = mcnemar ? `; McNemar b=${mcnemar.b}, c=${mcnemar.c}, p=${fmt(mcnemar.pValue)}` : '';
  if (interval.high < rule.margin) return { ...common, status: 'FAIL', actual: delta, note: `${range}: below the margin ${rule.margin}${test}` };
  const significant = interval.low > 0 && (!mcnemar || (mcnemar.b > mcnemar.c && mcnemar.pValue < rule.alpha));
  if (interval.low >= rule.margin && significant) return { ...common, status: 'PASS', actual: delta, note: `${range} clears ${rule.margin}${test}` };
  return {
    ...common,
    status: 'INCONCLUSIVE',
    actual: delta,
    note: `ahead by ${fmt(delta)}, but the ${range} reaches below the margin ${rule.margin}${mcnemar && mcnemar.pValue >= rule.alpha ? ` and McNemar p=${fmt(mcnemar.pValue)} is not below ${rule.alpha}` : test}; add cases to decide`,
  };
}

/**
 * Failed and timed-out calls count at the time they took (summarize), so p95 is what a caller
 * waited, not the fast calls only. The note says how many failed calls are in it.
 */
export function judgeLatency(criteria: Criteria, summary: Summary): GateResult {
  const max = criteria.latency.p95_ms;
  const p95 = summary.latencyP95Ms;
  const gate = `latency p95 <= ${max} ms`;
  if (p95 === null) return { key: 'latency_p95_ms', gate, status: 'INCONCLUSIVE', actual: null, threshold: max, note: 'no latency measured' };
  const failed = summary.failedLatencies;
  const note = failed > 0 ? `includes ${failed} failed or timed-out call(s) at the time they took` : undefined;
  return { key: 'latency_p95_ms', gate, status: p95 <= max ? 'PASS' : 'FAIL', actual: p95, threshold: max, note };
}

/** Exactly which answers have no token counts, or which count they lack; null when every answer is metered. */
function unmeteredNote(summary: Summary): string | null {
  const parts: string[] = [];
  if (summary.unmeteredAnswers > 0) parts.push(`the API reported no token counts (usage) for ${summary.unmeteredAnswers} of ${summary.asks} answer(s)`);
  for (const field of USAGE_FIELDS) {
    const count = summary.partialUsage[field];
    if (count > 0) parts.push(`${count} of ${summary.asks} answers had no ${field} in usage`);
  }
  if (summary.unreadAnswers > 0) parts.push(`${summary.unreadAnswers} of ${summary.asks} answers were not read (over the response size cap), so their tokens are unknown`);
  return parts.length > 0 ? `${parts.join('; ')}: cost cannot be measured, and is not $0` : null;
}

export function judgeCost(criteria: Criteria, summary: Summary, missingPriceNote: string): GateResult {
  const max = criteria.cost.per_case_usd_max;
  const cost = summary.costPerCaseUsd;
  const gate = `cost per case <= $${max}`;
  const unmetered = unmeteredNote(summary);
  if (unmetered) return { key: 'cost_per_case_usd', gate, status: 'INCONCLUSIVE', actual: null, threshold: max, note: unmetered };
  if (cost === null) return { key: 'cost_per_case_usd', gate, status: 'INCONCLUSIVE', actual: null, threshold: max, note: missingPriceNote };
  return { key: 'cost_per_case_usd', gate, status: cost <= max ? 'PASS' : 'FAIL', actual: cost, threshold: max };
}

/** Over max_error_rate of the asks got no answer (exact comparison): the run says nothing about the model. */
export function errorBlocker(criteria: Criteria, summary: Summary, firstError: string): string | null {
  const rate = summary.metrics.error_rate;
  if (!rate?.exact || rate.exact.den === 0 || compareExact(rate.exact.num, rate.exact.den, criteria.max_error_rate) <= 0) return null;
  return `${fmt(summary.errors)}/${summary.n} cases got no answer from the model (max_error_rate ${criteria.max_error_rate}); first error: ${firstError}`;
}

/**
 * `no_new_failures: { tag }`: every case with the tag that passed in the last cleared run passes now.
 * With no cleared run to compare with, there is nothing to regress from: PASS, and the note says so.
 */
export function judgeNoNewFailures(rule: { tag: string }, broke: ReadonlyArray<{ id: string; tags: readonly string[] }>, comparedTo: string | null): GateResult {
  const key = metricKey({ id: 'no_new_failures', tag: rule.tag });
  const gate = `no new failures on cases tagged "${rule.tag}" since the last cleared run`;
  if (comparedTo === null) return { key, gate, status: 'PASS', actual: 0, threshold: 0, note: 'no earlier cleared run in evals/reports to compare with' };
  const failing = broke.filter((c) => c.tags.includes(rule.tag)).map((c) => c.id);
  if (failing.length === 0) return { key, gate, status: 'PASS', actual: 0, threshold: 0, note: `compared with ${comparedTo}` };
  return { key, gate, status: 'FAIL', actual: failing.length, threshold: 0, note: `passed in ${comparedTo}, fail now: ${failing.join(', ')}` };
}

export type Verdict = 'cleared' | 'not_cleared' | 'inconclusive';

/** 4: the runner itself failed (a bug or the machine), so nothing was judged; never a pass. */
export const EXIT_CODES: Record<Verdict | 'invalid' | 'crashed', number> = { cleared: 0, not_cleared: 1, inconclusive: 2, invalid: 3, crashed: 4 };

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

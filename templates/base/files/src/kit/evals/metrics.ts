/**
 * Per-case outcomes rolled up into the numbers the gates judge. Nothing here is use-case specific:
 * classify, triage and any other use case with a class per answer share every line of it.
 * Every metric is an Estimate with its 95% interval, so a gate can be judged on the honest end.
 */
import type { Usage } from '../model/provider.js';
import { summarizeMeasures } from './measures.js';
import { type Interval, bootstrap, percentile, wilson } from './stats.js';

export interface CaseOutcome {
  id: string;
  tags: string[];
  /** ok: an answer that validated; invalid: an answer that did not; error: no answer at all. */
  status: 'ok' | 'invalid' | 'error';
  pass: boolean;
  expectedClass?: string | undefined;
  /** Undefined when there was no valid answer. */
  actualClass?: string | undefined;
  /** Labels in the answer that are not in the allowed set (e.g. `label=refunds`). */
  outOfSet?: string[] | undefined;
  latencyMs?: number | undefined;
  usage?: Usage | undefined;
  /** null when no price is known for the model. */
  costUsd?: number | null | undefined;
  /** Served from the on-disk cache rather than the API. */
  cached?: boolean | undefined;
  /** Why an answer was invalid or errored, for the report. */
  detail?: string | undefined;
  /** Use-case counts and scores (evals/measures.ts), judge results included. */
  measures?: Record<string, { hits: number; n: number }> | undefined;
  scores?: Record<string, number> | undefined;
}

export interface Estimate {
  /** null when nothing was there to measure (e.g. no case of that class). */
  value: number | null;
  /** 95% interval; null with value. */
  ci95: Interval | null;
  /** Counts behind a proportion (hits of n); n alone for bootstrap statistics. */
  hits?: number;
  n: number;
  method: 'wilson' | 'bootstrap';
}

export interface ClassRow {
  class: string;
  /** Cases that expect this class. */
  support: number;
  /** Valid answers that chose this class. */
  predicted: number;
  truePositives: number;
  precision: Estimate;
  recall: Estimate;
  f1: number | null;
}

export const NO_ANSWER_COLUMN = '(no valid answer)';

export interface Summary {
  n: number;
  passed: number;
  invalid: number;
  errors: number;
  /** Cases whose answer used a label outside the allowed set. */
  outOfSet: number;
  cached: number;
  /** Keyed by metricKey(): accuracy, macro_f1, precision[c], recall[c], pass_rate[tag], *_rate. */
  metrics: Record<string, Estimate>;
  classes: ClassRow[];
  /** Rows: expected class; columns: answered class, then NO_ANSWER_COLUMN. */
  confusion: { rows: string[]; columns: string[]; counts: number[][] };
  tags: string[];
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  tokens: { prompt: number; completion: number; total: number };
  /** Mean over answered cases; null when not measured. */
  costPerCaseUsd: number | null;
}

export interface MetricRef {
  id: string;
  class?: string | undefined;
  tag?: string | undefined;
}

/** `accuracy`, `recall[urgent]`, `pass_rate[adversarial]`: how metrics are named everywhere. */
export function metricKey(ref: MetricRef): string {
  const qualifier = ref.class ?? ref.tag;
  return qualifier === undefined ? ref.id : `${ref.id}[${qualifier}]`;
}

function proportion(hits: number, n: number): Estimate {
  return n === 0
    ? { value: null, ci95: null, hits, n, method: 'wilson' }
    : { value: hits / n, ci95: wilson(hits, n), hits, n, method: 'wilson' };
}

type Pair = { expected: string; actual: string | undefined };

/** F1 per class over (expected, actual) pairs; classes in `order` first, then any others seen. */
function classCounts(pairs: readonly Pair[], order: readonly string[]) {
  const names = [...order];
  for (const p of pairs) {
    if (!names.includes(p.expected)) names.push(p.expected);
    if (p.actual !== undefined && !names.includes(p.actual)) names.push(p.actual);
  }
  return names.map((name) => {
    let support = 0;
    let predicted = 0;
    let tp = 0;
    for (const p of pairs) {
      if (p.expected === name) support += 1;
      if (p.actual === name) predicted += 1;
      if (p.expected === name && p.actual === name) tp += 1;
    }
    const precision = predicted === 0 ? null : tp / predicted;
    const recall = support === 0 ? null : tp / support;
    // A class never predicted but expected has F1 0, not "unknown": the misses are real.
    const f1 = support === 0 && predicted === 0 ? null : tp === 0 ? 0 : (2 * (precision ?? 0) * (recall ?? 0)) / ((precision ?? 0) + (recall ?? 0));
    return { name, support, predicted, tp, f1 };
  });
}

/** Unweighted mean of F1 over the classes that were expected or predicted (as scikit-learn does). */
export function macroF1(pairs: readonly Pair[], order: readonly string[] = []): number | null {
  const f1s = classCounts(pairs, order).flatMap((c) => (c.f1 === null ? [] : [c.f1]));
  return f1s.length === 0 ? null : f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

/**
 * @param classes the use case's allowed classes, in the order tables show them.
 * @param bootstrapSeed fixed by default so the same outcomes always give the same macro-F1 interval.
 */
export function summarize(outcomes: readonly CaseOutcome[], classes: readonly string[] = [], bootstrapSeed?: number): Summary {
  const n = outcomes.length;
  const passed = outcomes.filter((o) => o.pass).length;
  const invalid = outcomes.filter((o) => o.status === 'invalid').length;
  const errors = outcomes.filter((o) => o.status === 'error').length;
  const outOfSet = outcomes.filter((o) => (o.outOfSet?.length ?? 0) > 0).length;
  const pairs: Pair[] = outcomes.flatMap((o) => (o.expectedClass === undefined ? [] : [{ expected: o.expectedClass, actual: o.actualClass }]));

  const metrics: Record<string, Estimate> = {
    accuracy: proportion(passed, n),
    invalid_rate: proportion(invalid, n),
    error_rate: proportion(errors, n),
    out_of_set_rate: proportion(outOfSet, n),
  };
  const f1 = macroF1(pairs, classes);
  metrics.macro_f1 = {
    value: f1,
    ci95: f1 === null ? null : bootstrap(pairs, (sample) => macroF1(sample, classes) ?? 0, bootstrapSeed === undefined ? {} : { seed: bootstrapSeed }),
    n: pairs.length,
    method: 'bootstrap',
  };

  const rows: ClassRow[] = classCounts(pairs, classes).map((c) => ({
    class: c.name,
    support: c.support,
    predicted: c.predicted,
    truePositives: c.tp,
    precision: proportion(c.tp, c.predicted),
    recall: proportion(c.tp, c.support),
    f1: c.f1,
  }));
  for (const row of rows) {
    metrics[metricKey({ id: 'precision', class: row.class })] = row.precision;
    metrics[metricKey({ id: 'recall', class: row.class })] = row.recall;
  }

  const tags = [...new Set(outcomes.flatMap((o) => o.tags))].sort();
  for (const tag of tags) {
    const tagged = outcomes.filter((o) => o.tags.includes(tag));
    metrics[metricKey({ id: 'pass_rate', tag })] = proportion(tagged.filter((o) => o.pass).length, tagged.length);
  }

  Object.assign(metrics, summarizeMeasures(outcomes, bootstrapSeed));

  const rowNames = rows.filter((r) => r.support > 0).map((r) => r.class);
  const columns = [...rows.filter((r) => r.support > 0 || r.predicted > 0).map((r) => r.class), NO_ANSWER_COLUMN];
  const counts = rowNames.map((expected) =>
    columns.map((column) => pairs.filter((p) => p.expected === expected && (p.actual ?? NO_ANSWER_COLUMN) === column).length),
  );

  const latencies = outcomes.flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs]));
  const tokens = { prompt: 0, completion: 0, total: 0 };
  for (const o of outcomes) {
    tokens.prompt += o.usage?.promptTokens ?? 0;
    tokens.completion += o.usage?.completionTokens ?? 0;
    tokens.total += o.usage?.totalTokens ?? 0;
  }
  // Cost over the cases that got an answer: a call that errored reported no usage.
  const costs = outcomes.filter((o) => o.status !== 'error').map((o) => o.costUsd);
  const costMeasured = costs.length > 0 && costs.every((c): c is number => typeof c === 'number');

  return {
    n,
    passed,
    invalid,
    errors,
    outOfSet,
    cached: outcomes.filter((o) => o.cached).length,
    metrics,
    classes: rows,
    confusion: { rows: rowNames, columns, counts },
    tags,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    tokens,
    costPerCaseUsd: costMeasured ? (costs as number[]).reduce((a, b) => a + b, 0) / costs.length : null,
  };
}

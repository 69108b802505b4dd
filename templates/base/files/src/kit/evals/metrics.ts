/**
 * Per-case outcomes rolled up into the numbers the gates judge. Nothing here is use-case specific:
 * classify, triage and any other use case with a class per answer share every line of it.
 * Every metric is an Estimate with its 95% interval, so a gate can be judged on the honest end.
 */
import { USAGE_FIELDS, type Usage, type UsageField } from '../model/provider.js';
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
  /** Use-case counts and scores (evals/measures.ts), judge results included (`missing`: questions the judge did not answer usably). */
  measures?: Record<string, { hits: number; n: number; missing?: number | undefined }> | undefined;
  scores?: Record<string, number> | undefined;
  /**
   * With `--repeat N`, one outcome per ask; the fields above then describe the case as a whole
   * (`pass`: every ask passed) and each ask counts 1/N in the metrics, so n stays the number of cases.
   */
  repeats?: CaseOutcome[] | undefined;
}

/** The asks behind a case: its repeats, or the case itself when it was asked once. */
export const asksOf = (o: CaseOutcome): CaseOutcome[] => (o.repeats && o.repeats.length > 0 ? o.repeats : [o]);

/** Share of a case's asks that passed: 0 or 1 when asked once. */
export const passRateOf = (o: CaseOutcome): number => {
  const asks = asksOf(o);
  return asks.filter((a) => a.pass).length / asks.length;
};

export interface Estimate {
  /** null when nothing was there to measure (e.g. no case of that class). */
  value: number | null;
  /** 95% interval; null with value. */
  ci95: Interval | null;
  /** Counts behind a proportion (hits of n); n alone for bootstrap statistics. */
  hits?: number;
  n: number;
  method: 'wilson' | 'bootstrap';
  /**
   * hits / n as whole numbers (with repeats, both times the repeat count), for comparisons with a
   * threshold that are exact rather than floating-point: see atLeast() in gates.ts.
   */
  exact?: { num: number; den: number } | undefined;
  /**
   * Judge measures: questions the judge left without a usable verdict, not in hits or n. A gate
   * counts them against the pipeline (gates.ts), never drops them.
   */
  missing?: number | undefined;
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
  /** Asks answered from the on-disk cache rather than the API. */
  cached: number;
  /** Asks made: cases times repeats. */
  asks: number;
  /** Failed asks counted in latency at the time they took. */
  failedLatencies: number;
  /** Answers for which the API reported no token counts: their cost is unknown, not $0. */
  unmeteredAnswers: number;
  /** Answers whose `usage` lacked a count, by the field missing: their cost is unknown too. */
  partialUsage: Record<UsageField, number>;
  /** Answers that were not read (over the response size cap): no token counts at all. */
  unreadAnswers: number;
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

/** `scale`: the repeat count, so hits·scale and n·scale are whole numbers (each ask weighs 1/scale). */
function proportion(hits: number, n: number, scale = 1): Estimate {
  const exact = { num: Math.round(hits * scale), den: Math.round(n * scale) };
  if (n === 0 || exact.den === 0) return { value: null, ci95: null, hits, n, method: 'wilson', exact };
  return { value: exact.num / exact.den, ci95: wilson(hits, n), hits, n, method: 'wilson', exact };
}

/** One ask's class pair; `weight` is 1/repeats, so a case counts once however often it was asked. */
export type Pair = { expected: string; actual: string | undefined; weight?: number };

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
      const w = p.weight ?? 1;
      if (p.expected === name) support += w;
      if (p.actual === name) predicted += w;
      if (p.expected === name && p.actual === name) tp += w;
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
/** A case's asks as weighted class pairs (none when the case has no expected class). */
export function pairsOf(o: CaseOutcome): Pair[] {
  const asks = asksOf(o);
  return asks.flatMap((a) => (a.expectedClass === undefined ? [] : [{ expected: a.expectedClass, actual: a.actualClass, weight: 1 / asks.length }]));
}

/** Sum over cases of the share of their asks for which `test` holds: each case counts once. */
function weighted(outcomes: readonly CaseOutcome[], test: (ask: CaseOutcome) => boolean): number {
  return outcomes.reduce((sum, o) => {
    const asks = asksOf(o);
    return sum + asks.filter(test).length / asks.length;
  }, 0);
}

/** Macro-F1 over whole cases, so its bootstrap resamples cases (never single asks of one case). */
export function macroF1OfCases(outcomes: readonly CaseOutcome[], classes: readonly string[] = []): number | null {
  return macroF1(outcomes.flatMap(pairsOf), classes);
}

/**
 * macroF1OfCases for the resamples of a bootstrap, which call it 2000 times: `casePairs[i]` is
 * pairsOf(case i), encoded as class numbers once, and a resample (a list of case indices) only adds
 * up counts. The same sums in the same order as macroF1, so the same value to the last bit; building
 * objects per resample was most of an eval run's own CPU time.
 */
export function macroF1Resampler(casePairs: readonly (readonly Pair[])[], order: readonly string[] = []): (indices: readonly number[]) => number | null {
  const ids = new Map<string, number>();
  const idOf = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = ids.size;
      ids.set(name, id);
    }
    return id;
  };
  const orderIds = order.map(idOf);
  const ordered = ids.size; // ids below this are classes of `order`; the rest are counted in the order first seen
  const encoded = casePairs.map((pairs) => pairs.map((p) => ({ expected: idOf(p.expected), actual: p.actual === undefined ? -1 : idOf(p.actual), weight: p.weight ?? 1 })));
  const support = new Float64Array(ids.size);
  const predicted = new Float64Array(ids.size);
  const tp = new Float64Array(ids.size);
  const seen = new Uint8Array(ids.size);
  const others: number[] = [];
  return (indices) => {
    support.fill(0);
    predicted.fill(0);
    tp.fill(0);
    seen.fill(0);
    others.length = 0;
    for (const i of indices) {
      for (const { expected, actual, weight } of encoded[i] ?? []) {
        support[expected] = (support[expected] ?? 0) + weight;
        if (expected >= ordered && !seen[expected]) {
          seen[expected] = 1;
          others.push(expected);
        }
        if (actual < 0) continue;
        predicted[actual] = (predicted[actual] ?? 0) + weight;
        if (actual === expected) tp[actual] = (tp[actual] ?? 0) + weight;
        if (actual >= ordered && !seen[actual]) {
          seen[actual] = 1;
          others.push(actual);
        }
      }
    }
    let sum = 0;
    let count = 0;
    const addF1 = (c: number) => {
      const s = support[c] ?? 0;
      const pr = predicted[c] ?? 0;
      const t = tp[c] ?? 0;
      if (s === 0 && pr === 0) return;
      const precision = pr === 0 ? 0 : t / pr;
      const recall = s === 0 ? 0 : t / s;
      sum += t === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      count += 1;
    };
    for (const c of orderIds) addF1(c);
    for (const c of others) addF1(c);
    return count === 0 ? null : sum / count;
  };
}

export function summarize(outcomes: readonly CaseOutcome[], classes: readonly string[] = [], bootstrapSeed?: number): Summary {
  const n = outcomes.length;
  const scale = Math.max(1, ...outcomes.map((o) => asksOf(o).length));
  const passed = weighted(outcomes, (a) => a.pass);
  const invalid = weighted(outcomes, (a) => a.status === 'invalid');
  const errors = weighted(outcomes, (a) => a.status === 'error');
  const outOfSet = weighted(outcomes, (a) => (a.outOfSet?.length ?? 0) > 0);
  const pairs: Pair[] = outcomes.flatMap(pairsOf);
  const classed = outcomes.filter((o) => o.expectedClass !== undefined);
  const macroF1OfResample = macroF1Resampler(classed.map(pairsOf), classes);

  const metrics: Record<string, Estimate> = {
    accuracy: proportion(passed, n, scale),
    invalid_rate: proportion(invalid, n, scale),
    error_rate: proportion(errors, n, scale),
    out_of_set_rate: proportion(outOfSet, n, scale),
  };
  const f1 = macroF1(pairs, classes);
  metrics.macro_f1 = {
    value: f1,
    ci95:
      f1 === null
        ? null
        : bootstrap(
            classed.map((_, i) => i),
            (indices) => macroF1OfResample(indices) ?? 0,
            bootstrapSeed === undefined ? {} : { seed: bootstrapSeed },
          ),
    n: classed.length,
    method: 'bootstrap',
  };

  const rows: ClassRow[] = classCounts(pairs, classes).map((c) => ({
    class: c.name,
    support: c.support,
    predicted: c.predicted,
    truePositives: c.tp,
    precision: proportion(c.tp, c.predicted, scale),
    recall: proportion(c.tp, c.support, scale),
    f1: c.f1,
  }));
  for (const row of rows) {
    metrics[metricKey({ id: 'precision', class: row.class })] = row.precision;
    metrics[metricKey({ id: 'recall', class: row.class })] = row.recall;
  }

  const tags = [...new Set(outcomes.flatMap((o) => o.tags))].sort();
  for (const tag of tags) {
    const tagged = outcomes.filter((o) => o.tags.includes(tag));
    metrics[metricKey({ id: 'pass_rate', tag })] = proportion(
      weighted(tagged, (a) => a.pass),
      tagged.length,
      scale,
    );
  }

  Object.assign(metrics, summarizeMeasures(outcomes, bootstrapSeed));

  const rowNames = rows.filter((r) => r.support > 0).map((r) => r.class);
  const columns = [...rows.filter((r) => r.support > 0 || r.predicted > 0).map((r) => r.class), NO_ANSWER_COLUMN];
  const counts = rowNames.map((expected) => columns.map((column) => pairs.reduce((sum, p) => sum + (p.expected === expected && (p.actual ?? NO_ANSWER_COLUMN) === column ? (p.weight ?? 1) : 0), 0)));

  const asks = outcomes.flatMap(asksOf);
  // Every ask counts in latency, failed ones at the time they took (a timeout at least the timeout):
  // dropping them would report the fast calls only.
  const latencies = asks.flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs]));
  const tokens = { prompt: 0, completion: 0, total: 0 };
  for (const o of asks) {
    tokens.prompt += o.usage?.promptTokens ?? 0;
    tokens.completion += o.usage?.completionTokens ?? 0;
    tokens.total += o.usage?.totalTokens ?? 0;
  }
  // Cost per ask that got an answer (a call that errored reported no usage); null, never $0, when any
  // answer has no cost (no price, or the API reported no token counts).
  const answered = asks.filter((o) => o.status !== 'error');
  const costs = answered.map((o) => o.costUsd);
  const costMeasured = costs.length > 0 && costs.every((c): c is number => typeof c === 'number');

  return {
    n,
    passed,
    invalid,
    errors,
    outOfSet,
    cached: asks.filter((o) => o.cached).length,
    asks: asks.length,
    failedLatencies: asks.filter((o) => o.status === 'error' && o.latencyMs !== undefined).length,
    unmeteredAnswers: answered.filter((o) => o.usage !== undefined && o.usage.totalTokens === 0 && !o.usage.missing).length,
    partialUsage: Object.fromEntries(USAGE_FIELDS.map((f) => [f, answered.filter((o) => o.usage?.missing?.includes(f)).length])) as Record<UsageField, number>,
    unreadAnswers: answered.filter((o) => o.usage === undefined).length,
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

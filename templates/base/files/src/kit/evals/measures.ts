/**
 * Use-case measures: what summarize, draft, extract (and the judge) add to the shared metrics, in one
 * table. A use case's scoreCase reports counts per case (`measures`) or a score (`scores`); this file
 * pools them over the cases into Estimates keyed like every other metric, so gates, reports and
 * beat_baseline treat them alike. A new measure is a new row here, nothing else.
 */
import type { CaseOutcome, Estimate } from './metrics.js';
import { bootstrap, wilson } from './stats.js';

export interface MeasureSpec {
  /** Which way is good: a gate's min or max follows from it. */
  better: 'higher' | 'lower';
  /** Reported in every report, but a gate may not name it (criteria.ts refuses). */
  reportOnly?: boolean;
  /** Takes a qualifier, `field_recall[total]` (written `class:` in a gate). */
  qualified?: boolean;
  /** Needs PILOT_JUDGE_MODEL: without a judge its gates are inconclusive, never passed. */
  judge?: boolean;
}

export const MEASURES = {
  schema_valid_rate: { better: 'higher' },
  fact_coverage: { better: 'higher' },
  forbidden_claim_rate: { better: 'lower' },
  length_ok_rate: { better: 'higher' },
  rubric_pass_rate: { better: 'higher' },
  field_precision: { better: 'higher', qualified: true },
  field_recall: { better: 'higher', qualified: true },
  field_f1: { better: 'higher', qualified: true },
  judge_pass_rate: { better: 'higher', judge: true },
  win_rate: { better: 'higher', judge: true },
  rouge_l: { better: 'higher', reportOnly: true },
} as const satisfies Record<string, MeasureSpec>;

export type MeasureId = keyof typeof MEASURES;
const ids = Object.keys(MEASURES) as MeasureId[];
const spec = (id: string): MeasureSpec | undefined => (MEASURES as Record<string, MeasureSpec>)[id];

export const GATEABLE_MEASURES = ids.filter((id) => !spec(id)?.reportOnly);
export const QUALIFIED_MEASURES = ids.filter((id) => spec(id)?.qualified);
export const JUDGE_MEASURES = ids.filter((id) => spec(id)?.judge);
export const HIGHER_IS_BETTER_MEASURES = GATEABLE_MEASURES.filter((id) => spec(id)?.better === 'higher');

const baseId = (key: string) => key.replace(/\[.*$/, '');

/** Counts and scores from every outcome, pooled: proportions get a Wilson interval, scores a bootstrap one. */
export function summarizeMeasures(outcomes: readonly CaseOutcome[], bootstrapSeed?: number): Record<string, Estimate> {
  const metrics: Record<string, Estimate> = {};
  const answered = outcomes.filter((o) => o.status !== 'error');
  const valid = answered.filter((o) => o.status === 'ok').length;
  if (answered.length > 0) metrics.schema_valid_rate = { value: valid / answered.length, ci95: wilson(valid, answered.length), hits: valid, n: answered.length, method: 'wilson' };

  const counts = new Map<string, { hits: number; n: number; missing: number }>();
  for (const o of outcomes) {
    for (const [key, m] of Object.entries(o.measures ?? {})) {
      if (!spec(baseId(key))) throw new Error(`scoreCase reported measure "${key}", which evals/measures.ts does not register`);
      const total = counts.get(key) ?? { hits: 0, n: 0, missing: 0 };
      counts.set(key, { hits: total.hits + m.hits, n: total.n + m.n, missing: total.missing + (m.missing ?? 0) });
    }
  }
  for (const [key, { hits, n, missing }] of counts) {
    const estimate: Estimate = n === 0 ? { value: null, ci95: null, hits, n, method: 'wilson' } : { value: hits / n, ci95: wilson(hits, n), hits, n, method: 'wilson' };
    metrics[key] = missing > 0 ? { ...estimate, missing } : estimate;
  }

  const options = bootstrapSeed === undefined ? {} : { seed: bootstrapSeed };
  for (const key of new Set(outcomes.flatMap((o) => Object.keys(o.scores ?? {})))) {
    if (!spec(baseId(key))) throw new Error(`scoreCase reported score "${key}", which evals/measures.ts does not register`);
    const values = outcomes.flatMap((o) => (o.scores?.[key] === undefined ? [] : [o.scores[key] as number]));
    metrics[key] = { value: mean(values), ci95: bootstrap(values, mean, options), n: values.length, method: 'bootstrap' };
  }

  for (const key of counts.keys()) {
    const field = /^field_recall\[(.*)\]$/.exec(key)?.[1];
    if (field !== undefined && counts.has(`field_precision[${field}]`)) metrics[`field_f1[${field}]`] = fieldF1(outcomes, field, options);
  }
  return metrics;
}

const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** F1 pooled over cases (2tp / (2tp + fp + fn)), with a bootstrap interval over the cases. */
function fieldF1(outcomes: readonly CaseOutcome[], field: string, options: { seed?: number }): Estimate {
  const perCase = outcomes.map((o) => {
    const recall = o.measures?.[`field_recall[${field}]`] ?? { hits: 0, n: 0 };
    const precision = o.measures?.[`field_precision[${field}]`] ?? { hits: 0, n: 0 };
    return { tp: recall.hits, fn: recall.n - recall.hits, fp: precision.n - precision.hits };
  });
  const f1 = (sample: readonly { tp: number; fn: number; fp: number }[]) => {
    let tp = 0;
    let rest = 0;
    for (const c of sample) {
      tp += c.tp;
      rest += c.fp + c.fn;
    }
    return tp + rest === 0 ? 1 : (2 * tp) / (2 * tp + rest);
  };
  const support = perCase.reduce((n, c) => n + c.tp + c.fn + c.fp, 0);
  if (support === 0) return { value: null, ci95: null, n: 0, method: 'bootstrap' };
  return { value: f1(perCase), ci95: bootstrap(perCase, f1, options), n: perCase.length, method: 'bootstrap' };
}

/** success-criteria.yaml: the written bar, validated before anything is scored. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { GATEABLE_MEASURES, HIGHER_IS_BETTER_MEASURES, QUALIFIED_MEASURES } from './measures.js';

export const CRITERIA_FILE = 'success-criteria.yaml';

const share = z.number().min(0).max(1);

/** Every metric a gate can name; metrics.ts computes each with a 95% interval. */
export const METRIC_IDS = ['accuracy', 'macro_f1', 'precision', 'recall', 'pass_rate', 'out_of_set_rate', 'invalid_rate', 'error_rate', ...GATEABLE_MEASURES] as const;
/** Metrics where more is better: the ones a pilot can "beat the baseline" on. */
export const HIGHER_IS_BETTER = ['accuracy', 'macro_f1', 'precision', 'recall', 'pass_rate', ...HIGHER_IS_BETTER_MEASURES] as const;
const NEEDS_CLASS = new Set<string>(['precision', 'recall', ...QUALIFIED_MEASURES]);
const NEEDS_TAG = new Set<string>(['pass_rate']);

type Ref = { id: string; class?: string | undefined; tag?: string | undefined };

/** class for precision/recall, tag for pass_rate, neither for the rest: said once, with an example. */
function checkQualifiers(ref: Ref, ctx: z.RefinementCtx): void {
  if (NEEDS_CLASS.has(ref.id) && ref.class === undefined) {
    ctx.addIssue({ code: 'custom', path: ['class'], message: `${ref.id} needs a class, e.g. { id: ${ref.id}, class: <one of the labels>, min: 0.9 }` });
  }
  if (!NEEDS_CLASS.has(ref.id) && ref.class !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['class'], message: `${ref.id} takes no class (only ${[...NEEDS_CLASS].join(', ')} do)` });
  }
  if (NEEDS_TAG.has(ref.id) && ref.tag === undefined) {
    ctx.addIssue({ code: 'custom', path: ['tag'], message: `${ref.id} needs a tag, e.g. { id: pass_rate, tag: adversarial, min: 1.0 }` });
  }
  if (!NEEDS_TAG.has(ref.id) && ref.tag !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['tag'], message: `${ref.id} takes no tag (only pass_rate does)` });
  }
}

/**
 * One metric gate. `judge_on`: `point` judges the estimate; `ci_lower` (for a min) and `ci_upper`
 * (for a max) judge the pessimistic end of the 95% interval, and a run whose interval straddles
 * the threshold is inconclusive rather than passed.
 */
export const metricGateSchema = z
  .strictObject({
    id: z.enum(METRIC_IDS, { error: `metric id must be one of: ${METRIC_IDS.join(', ')}` }),
    class: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    min: share.optional(),
    max: share.optional(),
    judge_on: z.enum(['point', 'ci_lower', 'ci_upper']).default('point'),
  })
  .superRefine((gate, ctx) => {
    checkQualifiers(gate, ctx);
    if ((gate.min === undefined) === (gate.max === undefined)) {
      ctx.addIssue({ code: 'custom', message: `${gate.id}: give exactly one of min or max` });
    }
    if (gate.judge_on === 'ci_lower' && gate.max !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['judge_on'], message: 'a max gate is judged on point or ci_upper (its pessimistic end)' });
    }
    if (gate.judge_on === 'ci_upper' && gate.min !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['judge_on'], message: 'a min gate is judged on point or ci_lower (its pessimistic end)' });
    }
  });

const priceSchema = z.strictObject({ input_per_mtok: z.number().min(0), output_per_mtok: z.number().min(0) });

export const criteriaSchema = z.strictObject({
  use_case: z.string().min(1),
  owner: z.string().min(1),
  decision_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use an ISO date, e.g. 2027-02-24'),
  dataset: z.strictObject({
    path: z.string().min(1),
    min_cases: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'run `npm run eval -- --lock` to record it').optional(),
  }),
  baseline: z.strictObject({
    name: z.string().min(1),
    /** The current process's cost and time per case (people, not tokens): declared, not measured here. */
    cost_per_case_usd: z.number().min(0),
    latency_p50_ms: z.number().min(0),
  }),
  metrics: z.array(metricGateSchema).min(1, 'name at least one metric gate'),
  /**
   * The pilot must beat the current process on `metric` by at least `margin` (point estimates), and
   * the paired difference must be significant: exact McNemar p-value below `alpha`.
   */
  beat_baseline: z
    .strictObject({
      metric: z.enum(HIGHER_IS_BETTER, { error: `beat_baseline.metric must be one of: ${HIGHER_IS_BETTER.join(', ')}` }),
      class: z.string().min(1).optional(),
      tag: z.string().min(1).optional(),
      margin: share,
      alpha: z.number().gt(0).lt(1).default(0.05),
    })
    .superRefine((b, ctx) => checkQualifiers({ id: b.metric, class: b.class, tag: b.tag }, ctx)),
  latency: z.strictObject({ p95_ms: z.number().positive() }),
  cost: z.strictObject({
    per_case_usd_max: z.number().min(0),
    /** USD per million tokens by model name (as PILOT_MODEL spells it); `default` prices any other model. */
    prices: z.record(z.string().min(1), priceSchema).default({}),
  }),
});

export type Criteria = z.infer<typeof criteriaSchema>;
export type MetricGate = Criteria['metrics'][number];
export type BeatBaseline = Criteria['beat_baseline'];

export function parseCriteria(text: string, file = CRITERIA_FILE): { criteria: Criteria } | { errors: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`) };
  }
  const parsed = criteriaSchema.safeParse(doc.toJS());
  if (!parsed.success) return { errors: formatIssues(parsed.error).map((issue) => `${file}: ${issue}`) };
  return { criteria: parsed.data };
}

export function readCriteria(file = CRITERIA_FILE): { criteria: Criteria } | { errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { errors: [`${file}: missing; it is the written bar this pilot is judged on`] };
  }
  return parseCriteria(text, file);
}

/**
 * What the schema cannot know: whether a named class exists in this use case. A typo there would
 * otherwise turn into a gate that can never be judged.
 */
export function checkClasses(criteria: Criteria, classes: readonly string[], file = CRITERIA_FILE): string[] {
  // Only precision and recall name a class; field_* gates name a field of the use case's schema.
  const refs: Array<{ where: string; cls: string | undefined }> = [
    ...criteria.metrics.map((m, i) => ({ where: `metrics.${i}.class`, cls: m.id === 'precision' || m.id === 'recall' ? m.class : undefined })),
    { where: 'beat_baseline.class', cls: criteria.beat_baseline.metric === 'precision' || criteria.beat_baseline.metric === 'recall' ? criteria.beat_baseline.class : undefined },
  ];
  return refs
    .filter((r) => r.cls !== undefined && !classes.includes(r.cls))
    .map((r) => `${file}: ${r.where}: "${r.cls}" is not a class of this use case (${classes.join(', ') || 'it has none'})`);
}

/** Records the dataset hash in place, keeping the file's comments and layout. */
export function lockDataset(sha256: string, file = CRITERIA_FILE): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['dataset', 'sha256'], sha256);
  writeFileSync(file, doc.toString());
}

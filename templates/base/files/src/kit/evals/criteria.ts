/** success-criteria.yaml: the written bar, validated before anything is scored. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { GATEABLE_MEASURES, HIGHER_IS_BETTER_MEASURES, QUALIFIED_MEASURES } from './measures.js';
import { CRITERIA_MAX_BYTES, InputError, escapeExcerpt, readInputFile } from './input-file.js';

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

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'run `npm run eval -- --lock` to record it');

const priceSchema = z.strictObject({ input_per_mtok: z.number().min(0), output_per_mtok: z.number().min(0) });

export const criteriaSchema = z.strictObject({
  use_case: z.string().min(1),
  owner: z.string().min(1),
  decision_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use an ISO date, e.g. 2027-02-24'),
  dataset: z.strictObject({
    path: z.string().min(1),
    min_cases: z.number().int().min(1),
    /** Before the lock covered the criteria: accepted only so `--lock` can replace it. */
    sha256: sha256.optional(),
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
  /** Cases a month in production (optional): graduation turns per-case cost and time into monthly figures with it. */
  volume_per_month: z
    .number({ error: 'volume_per_month must be a whole number of cases per month, e.g. 12000' })
    .int('volume_per_month must be a whole number of cases per month, e.g. 12000')
    .positive('volume_per_month must be above 0')
    .optional(),
  /** Above this share of cases without an answer (after retries), the run says nothing about the model: inconclusive. */
  max_error_rate: share.default(0.1),
  /**
   * The judge (PILOT_JUDGE_MODEL), where a gate names a judge measure. Above `max_error_rate` (default:
   * the top-level max_error_rate) of its questions failed (errors and unusable answers), every judge
   * gate is inconclusive; under it, each failed question counts against the pipeline.
   */
  judge: z.strictObject({ max_error_rate: share }).optional(),
  /** Ask each case this many times (at the pipeline's temperature); `--repeat N` overrides it. */
  repeat: z.number().int().min(1).max(20).default(1),
  /** A gate: no case with this tag that passed in the last cleared run may fail now. */
  no_new_failures: z.strictObject({ tag: z.string().min(1) }).optional(),
  /**
   * Written by `npm run eval -- --lock` after the owners reviewed the cases and the bar: sha256 of the
   * cases and of the gate-relevant criteria (lockedCriteriaHash). Any change to either stops the run.
   */
  lock: z.strictObject({ cases: sha256, criteria: sha256 }).optional(),
  cost: z.strictObject({
    per_case_usd_max: z.number().min(0),
    /** USD per million tokens by model name (as PILOT_MODEL spells it); `default` prices any other model. */
    prices: z.record(z.string().min(1), priceSchema).default({}),
  }),
});

export type Criteria = z.infer<typeof criteriaSchema>;
export type MetricGate = Criteria['metrics'][number];
export type BeatBaseline = Criteria['beat_baseline'];

/** The judge's own max_error_rate, else the pipeline's. */
export const judgeMaxErrorRate = (criteria: Criteria): number => criteria.judge?.max_error_rate ?? criteria.max_error_rate;

/** More alias expansions than this is a "billion laughs" document, not a bar: refused, never expanded. */
export const MAX_YAML_ALIASES = 100;

function yamlValue(text: string, file: string): { value: unknown } | { errors: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? '?'}: ${escapeExcerpt(e.message.split('\n')[0] ?? '', 200)}`) };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (err) {
    // The yaml library stops an alias bomb with a ReferenceError; anything it throws here is the file's fault.
    const excessive = err instanceof Error && /alias/i.test(err.message);
    const why = excessive
      ? `refused: its YAML aliases expand too far (over ${MAX_YAML_ALIASES} expansions, the guard against a resource-exhaustion "alias bomb"); write the values out instead of using aliases`
      : `refused: not usable YAML (${escapeExcerpt(err instanceof Error ? err.message : String(err), 120)})`;
    return { errors: [`${file}: ${why}`] };
  }
}

export function parseCriteria(text: string, file = CRITERIA_FILE): { criteria: Criteria } | { errors: string[] } {
  const yaml = yamlValue(text, file);
  if ('errors' in yaml) return yaml;
  const parsed = criteriaSchema.safeParse(yaml.value);
  if (!parsed.success) return { errors: formatIssues(parsed.error).map((issue) => `${file}: ${escapeExcerpt(issue, 300)}`) };
  return { criteria: parsed.data };
}

export function readCriteria(file = CRITERIA_FILE): { criteria: Criteria } | { errors: string[] } {
  let text: string;
  try {
    text = readInputFile(file, 'criteria file', CRITERIA_MAX_BYTES);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (/ does not exist$/.test(err.message)) return { errors: [`${file}: missing; it is the written bar this pilot is judged on`] };
    return { errors: [err.message] };
  }
  return parseCriteria(text, file);
}

/**
 * sha256 of what decides the verdict: every field but the owner, the decision date, the baseline's
 * declared (ungated) numbers, the monthly volume and the lock itself, after parsing, so comments and layout do not count
 * but a loosened threshold, a new margin or a removed gate does.
 */
export function lockedCriteriaHash(criteria: Criteria): string {
  // volume_per_month only scales graduation's monthly figures: no verdict depends on it.
  const { owner: _owner, decision_date: _date, baseline: _baseline, lock: _lock, volume_per_month: _volume, dataset, ...gated } = criteria;
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .flatMap((k) => {
            const v = (value as Record<string, unknown>)[k];
            return v === undefined ? [] : [[k, canonical(v)]];
          }),
      );
    }
    return value;
  };
  const material = JSON.stringify(canonical({ v: 1, ...gated, dataset: { path: dataset.path, min_cases: dataset.min_cases } }));
  return createHash('sha256').update(material).digest('hex');
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
  return refs.filter((r) => r.cls !== undefined && !classes.includes(r.cls)).map((r) => `${file}: ${r.where}: "${r.cls}" is not a class of this use case (${classes.join(', ') || 'it has none'})`);
}

/**
 * Records the lock in place (lock.cases, lock.criteria), keeping the file's comments and layout.
 * The criteria hash is taken from the file as it will read back, so the lock matches itself.
 */
export function lockDataset(casesSha256: string, file = CRITERIA_FILE): { cases: string; criteria: string } {
  const doc = parseDocument(readInputFile(file, 'criteria file', CRITERIA_MAX_BYTES));
  doc.deleteIn(['dataset', 'sha256']);
  const parsed = parseCriteria(doc.toString(), file);
  if ('errors' in parsed) throw new InputError(parsed.errors[0] ?? `${file}: invalid`);
  const lock = { cases: casesSha256, criteria: lockedCriteriaHash(parsed.criteria) };
  doc.setIn(['lock'], doc.createNode(lock));
  writeFileSync(file, doc.toString());
  return lock;
}

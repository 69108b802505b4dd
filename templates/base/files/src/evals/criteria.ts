/** success-criteria.yaml: the written bar, validated before anything is scored. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../issues.js';

export const CRITERIA_FILE = 'success-criteria.yaml';

const share = z.number().min(0).max(1);

/** Metric gates the runner knows how to judge. Add a variant here and in gates.ts together. */
export const metricGateSchema = z.discriminatedUnion('id', [
  z.strictObject({
    id: z.literal('accuracy'),
    min: share,
    /** ci_lower: the lower end of the 95% Wilson interval must clear `min`; point: the estimate must. */
    judge_on: z.enum(['ci_lower', 'point']).default('ci_lower'),
  }),
  z.strictObject({ id: z.literal('recall'), class: z.string().min(1), min: share }),
  z.strictObject({ id: z.literal('pass_rate'), tag: z.string().min(1), min: share }),
]);

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
    cost_per_case_usd: z.number().min(0),
    latency_p50_ms: z.number().min(0),
  }),
  metrics: z.array(metricGateSchema).min(1, 'name at least one metric gate'),
  beat_baseline: z.strictObject({ metric: z.literal('accuracy'), margin: z.number().min(0).max(1) }),
  latency: z.strictObject({ p95_ms: z.number().positive() }),
  cost: z.strictObject({ per_case_usd_max: z.number().min(0) }),
});

export type Criteria = z.infer<typeof criteriaSchema>;
export type MetricGate = Criteria['metrics'][number];

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

/** Records the dataset hash in place, keeping the file's comments and layout. */
export function lockDataset(sha256: string, file = CRITERIA_FILE): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['dataset', 'sha256'], sha256);
  writeFileSync(file, doc.toString());
}

/** Per-case outcomes rolled up into the numbers the gates judge. Nothing here is use-case specific. */
import { percentile, wilson } from './stats.js';

export interface CaseOutcome {
  id: string;
  tags: string[];
  /** ok: an answer that validated; invalid: an answer that did not; error: no answer at all. */
  status: 'ok' | 'invalid' | 'error';
  pass: boolean;
  expectedClass?: string | undefined;
  actualClass?: string | undefined;
  latencyMs?: number | undefined;
  /** null when token prices are not configured. */
  costUsd?: number | null | undefined;
  /** Why an answer was invalid or errored, for the report. */
  detail?: string | undefined;
}

export interface Rate {
  hits: number;
  n: number;
  value: number | null;
}

export interface Summary {
  n: number;
  passed: number;
  accuracy: number;
  ci95: { low: number; high: number };
  invalid: number;
  errors: number;
  recall: Record<string, Rate>;
  passRateByTag: Record<string, Rate>;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Mean over answered cases; null when not measured. */
  costPerCaseUsd: number | null;
}

function rate(hits: number, n: number): Rate {
  return { hits, n, value: n === 0 ? null : hits / n };
}

function groupRates(outcomes: readonly CaseOutcome[], keysOf: (o: CaseOutcome) => string[]): Record<string, Rate> {
  const counts = new Map<string, { hits: number; n: number }>();
  for (const outcome of outcomes) {
    for (const key of keysOf(outcome)) {
      const c = counts.get(key) ?? { hits: 0, n: 0 };
      c.n += 1;
      if (outcome.pass) c.hits += 1;
      counts.set(key, c);
    }
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, rate(c.hits, c.n)]));
}

export function summarize(outcomes: readonly CaseOutcome[]): Summary {
  const n = outcomes.length;
  const passed = outcomes.filter((o) => o.pass).length;
  const latencies = outcomes.flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs]));
  // Cost over the cases that got an answer: a call that errored reported no usage.
  const costs = outcomes.filter((o) => o.status !== 'error').map((o) => o.costUsd);
  const costMeasured = costs.length > 0 && costs.every((c): c is number => typeof c === 'number');
  return {
    n,
    passed,
    accuracy: n === 0 ? 0 : passed / n,
    ci95: wilson(passed, n),
    invalid: outcomes.filter((o) => o.status === 'invalid').length,
    errors: outcomes.filter((o) => o.status === 'error').length,
    // Recall of class c: of the cases whose expected class is c, the share answered right.
    recall: groupRates(outcomes, (o) => (o.expectedClass === undefined ? [] : [o.expectedClass])),
    passRateByTag: groupRates(outcomes, (o) => o.tags),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    costPerCaseUsd: costMeasured ? (costs as number[]).reduce((a, b) => a + b, 0) / costs.length : null,
  };
}

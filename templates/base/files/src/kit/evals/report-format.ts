/** Number and gate formatting shared by the console output and every report format. */
import type { GateResult, Verdict } from './gates.js';
import type { JudgeTally } from './judge.js';
import type { Estimate, Summary } from './metrics.js';

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function estimateText(e: Estimate | null | undefined): string {
  if (!e || e.value === null) return 'n/a';
  // With repeats a case counts 1/N per ask, so hits can be fractional: shown to 2 places.
  const missing = e.missing ? `, ${e.missing} without a verdict` : '';
  const counts = e.hits === undefined ? '' : ` (${Number(e.hits.toFixed(2))}/${Number(e.n.toFixed(2))}${missing})`;
  return `${pct(e.value)}${counts} [${pct(e.ci95?.low)}, ${pct(e.ci95?.high)}]`;
}

export function numberText(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'n/a';
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return Number(x.toPrecision(4)).toString();
}

const UNITS: ReadonlyArray<[limitMs: number, sizeMs: number, unit: string]> = [
  [1_000, 1, 'ms'],
  [60_000, 1_000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Number.POSITIVE_INFINITY, 86_400_000, 'd'],
];

/**
 * A duration in the largest unit that keeps it readable, to two significant digits (three under a
 * second): `156 ms`, `1.2 s`, `4 h`. The baseline's latency is people's time (hours), the
 * pipeline's milliseconds; both appear side by side.
 */
export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  // The last unit's limit is Infinity, so find() always finds one; the fallback only satisfies the types.
  const [, size, unit] = UNITS.find(([limit]) => Math.abs(ms) < limit) ?? [0, 86_400_000, 'd'];
  const value = ms / size;
  return `${Number(value.toPrecision(unit === 'ms' ? 3 : 2))} ${unit}`;
}

/** `FAIL recall[bug] >= 0.85 (point): 0.7143`; padded for the console, where lines stack up in columns. */
export function gateLine(g: GateResult, pad = true): string {
  const status = pad ? g.status.padEnd(12) : `${g.status}:`;
  const actual = g.key === 'latency_p95_ms' ? durationText(g.actual) : numberText(g.actual);
  return `${status} ${g.gate}: ${actual}${g.note ? ` (${g.note})` : ''}`;
}

export function summaryLine(s: Summary): string {
  return `accuracy ${estimateText(s.metrics.accuracy)}, macro-F1 ${estimateText(s.metrics.macro_f1)}`;
}

export const VERDICT_TEXT: Record<Verdict, string> = { cleared: 'CLEARED', not_cleared: 'NOT CLEARED', inconclusive: 'INCONCLUSIVE' };

/** `49 of 51 judge question(s) failed (48 error(s), 1 invalid answer(s))`: the console, every report and each judge gate's note say it. */
export function judgeFailureText(t: JudgeTally): string {
  return `${t.errors + t.invalid} of ${t.asked} judge question(s) failed (${t.errors} error(s), ${t.invalid} invalid answer(s))`;
}

/** The judge's line in the reports: its model, and how many of its questions failed against which bar. */
export function judgeLine(j: JudgeTally & { model: string; maxErrorRate: number }): string {
  return `Judge (${j.model}): ${judgeFailureText(j)}; judge max_error_rate ${j.maxErrorRate}`;
}

/**
 * Paired comparisons of the pipeline and the baseline on the same cases: the interval of the
 * difference that beat_baseline judges its margin on.
 */
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, type Interval, Z95, percentile, seededRandom, wilson } from './stats.js';

/**
 * 95% interval of p1 - p2 for paired proportions (Newcombe 1998, method 10: the Wilson intervals of
 * each margin combined with the phi correlation, as worked in Altman et al., "Statistics with
 * Confidence", 2nd ed., ch. 6). a: both passed, b: only the first, c: only the second, d: neither.
 */
export function newcombePairedDiff(a: number, b: number, c: number, d: number, z = Z95): Interval {
  const n = a + b + c + d;
  if (n === 0) return { low: -1, high: 1 };
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const w1 = wilson(a + b, n, z);
  const w2 = wilson(a + c, n, z);
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  // phi with Newcombe's continuity adjustment: (ad - bc - n/2) when ad - bc > n/2, 0 in between.
  const cross = a * d - b * c;
  const adjusted = cross > n / 2 ? cross - n / 2 : Math.min(cross, 0);
  const phi = margins === 0 ? 0 : adjusted / Math.sqrt(margins);
  const dl = Math.sqrt(Math.max(0, (p1 - w1.low) ** 2 - 2 * phi * (p1 - w1.low) * (w2.high - p2) + (w2.high - p2) ** 2));
  const du = Math.sqrt(Math.max(0, (w1.high - p1) ** 2 - 2 * phi * (w1.high - p1) * (p2 - w2.low) + (p2 - w2.low) ** 2));
  return { low: Math.max(-1, p1 - p2 - dl), high: Math.min(1, p1 - p2 + du) };
}

/**
 * Paired percentile bootstrap: resamples case indices 0..n-1 with replacement and recomputes
 * `difference` on each resample (both systems on the same cases), for statistics that are not a
 * per-case pass/fail (macro-F1, precision) or with repeats (per-case pass rates). Resamples where
 * the statistic is undefined (null) are skipped.
 */
export function pairedBootstrap(
  n: number,
  difference: (indices: readonly number[]) => number | null,
  { seed = BOOTSTRAP_SEED, resamples = BOOTSTRAP_RESAMPLES }: { seed?: number; resamples?: number } = {},
): Interval {
  if (n === 0) return { low: -1, high: 1 };
  const random = seededRandom(seed);
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const value = difference(indices);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  return { low: percentile(values, 2.5) ?? -1, high: percentile(values, 97.5) ?? 1 };
}

/**
 * Small-sample statistics, written out rather than imported: with 20-50 cases a point estimate
 * alone overstates what we know, and these are short, well-known formulas.
 */

/** 95% two-sided normal quantile, Φ⁻¹(0.975) to double precision (what scipy's norm.ppf gives). */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a proportion; 95% by default. Honest near 0 and 1, unlike p ± 1.96·se. */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // At 0/n and n/n the bound is exactly 0 or 1; say so rather than 0.9999999999999999.
  return { low: successes === 0 ? 0 : Math.max(0, center - half), high: successes === n ? 1 : Math.min(1, center + half) };
}

/** Nearest-rank percentile (p in 0..100); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so n in the thousands stays exact enough. */
function binomialHalfCdf(k: number, n: number): number {
  let logTerm = -n * Math.LN2; // log C(n,0) / 2^n
  let total = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    total += Math.exp(logTerm);
  }
  return total;
}

/**
 * Exact McNemar test on paired outcomes: b = cases only the pipeline got right, c = cases only
 * the baseline got right. Under "no difference" each discordant case is a fair coin, so the
 * two-sided p-value is 2·P(X <= min(b, c)) for X ~ Binomial(b + c, 1/2), capped at 1.
 * Cases both got right (or both wrong) say nothing about which is better and are ignored.
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
}

/** mulberry32: a tiny seeded PRNG, so a bootstrap interval is the same on every run and machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BOOTSTRAP_SEED = 20240601;
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Percentile bootstrap 95% interval of `statistic` over `items`: resample the cases with
 * replacement, recompute, take the 2.5th and 97.5th percentiles. For statistics without a
 * closed-form interval (macro-F1). Deterministic for a given seed.
 */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  { seed = BOOTSTRAP_SEED, resamples = BOOTSTRAP_RESAMPLES }: { seed?: number; resamples?: number } = {},
): Interval {
  if (items.length === 0) return { low: 0, high: 1 };
  const random = seededRandom(seed);
  const values: number[] = [];
  const sample = new Array<T>(items.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[Math.floor(random() * items.length)] as T;
    values.push(statistic(sample));
  }
  return { low: percentile(values, 2.5) ?? 0, high: percentile(values, 97.5) ?? 1 };
}

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
  const adjusted = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0;
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

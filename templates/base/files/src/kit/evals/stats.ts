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

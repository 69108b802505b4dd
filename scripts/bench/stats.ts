// Order statistics for small samples. Nearest-rank percentiles: with 15 runs p90 is the
// 14th-fastest, an actual observed run rather than an interpolation between two.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * The statistics against reference values computed once, independently of this code, by
 * scripts/reference/eval-stats.py in the generator repository: exact rational arithmetic (Python's
 * fractions) for McNemar and macro-F1, 60-digit decimals for Wilson with z = Φ⁻¹(0.975) from Python's
 * statistics.NormalDist (the quantile statsmodels' proportion_confint uses). statsmodels and scipy
 * cannot be installed on the build machine, hence the script rather than the packages.
 */
import { describe, expect, it } from 'vitest';
import { type CaseOutcome, summarize } from '../../src/kit/evals/metrics.js';
import { newcombePairedDiff } from '../../src/kit/evals/paired.js';
import { mcnemarExact, wilson } from '../../src/kit/evals/stats.js';

const CLASSES = ['a', 'b', 'c'];
/** Rows: expected class; columns: answered class. 122 cases. */
const MATRIX = [
  [40, 5, 3],
  [4, 30, 6],
  [2, 7, 25],
];

function outcomesOf(matrix: number[][]): CaseOutcome[] {
  return matrix.flatMap((row, i) =>
    row.flatMap((count, j) =>
      Array.from({ length: count }, (_, k) => ({
        id: `${i}-${j}-${k}`,
        tags: ['happy'],
        status: 'ok' as const,
        pass: i === j,
        expectedClass: CLASSES[i],
        actualClass: CLASSES[j],
      })),
    ),
  );
}

const TOLERANCE = 1e-12;
const close = (actual: number | undefined | null, expected: number) => expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(TOLERANCE);

describe('statistics against independent reference values', () => {
  const s = summarize(outcomesOf(MATRIX), CLASSES);

  it('accuracy and its Wilson interval', () => {
    expect(s.metrics.accuracy?.exact).toEqual({ num: 95, den: 122 });
    close(s.metrics.accuracy?.value, 0.7786885245901639);
    close(s.metrics.accuracy?.ci95?.low, 0.6971536108259231);
    close(s.metrics.accuracy?.ci95?.high, 0.8432088471211845);
  });

  it('per-class precision and recall intervals', () => {
    const reference: Record<string, [number, number]> = {
      'precision[a]': [0.74334142220927, 0.9388215963796488],
      'recall[a]': [0.7042217159874441, 0.9130448642351443],
      'precision[b]': [0.5643279073180463, 0.8283297537395091],
      'recall[b]': [0.5980603857923198, 0.8581288136090369],
      'precision[c]': [0.5688285871705534, 0.8539880932278825],
      'recall[c]': [0.5688285871705534, 0.8539880932278825],
    };
    for (const [key, [low, high]] of Object.entries(reference)) {
      close(s.metrics[key]?.ci95?.low, low);
      close(s.metrics[key]?.ci95?.high, high);
    }
  });

  it('macro-F1 is 50625/65518', () => {
    close(s.metrics.macro_f1?.value, 50625 / 65518);
    close(s.metrics.macro_f1?.value, 0.7726884215024878);
  });

  it('Wilson at the edges', () => {
    expect(wilson(0, 10).low).toBe(0);
    close(wilson(0, 10).high, 0.27753279986288915);
    close(wilson(10, 10).low, 0.7224672001371109);
    expect(wilson(10, 10).high).toBe(1);
    close(wilson(1, 3).low, 0.06149194472039626);
    close(wilson(1, 3).high, 0.7923403991979522);
    close(wilson(57, 60).low, 0.8629948352365149);
    close(wilson(57, 60).high, 0.9828504978356043);
  });

  it('exact McNemar p-values', () => {
    close(mcnemarExact(14, 5), 2083 / 32768);
    close(mcnemarExact(6, 0), 1 / 32);
    close(mcnemarExact(12, 10), 436109 / 524288);
    close(mcnemarExact(2, 0), 1 / 2);
    close(mcnemarExact(30, 21), 18467399813067 / 70368744177664);
  });

  // Newcombe's paired interval: the same formula (method 10) evaluated in 60-digit decimals by the
  // script, so this checks the arithmetic and the phi adjustment, not the choice of method.
  it('Newcombe intervals of paired differences', () => {
    const reference: Array<[[number, number, number, number], number, number]> = [
      [[18, 6, 0, 36], 0.01725968988803143, 0.18153622804174543],
      [[18, 12, 0, 0], 0.20860991506000695, 0.5767963974667751],
      [[40, 14, 5, 63], 0.0032231968428871054, 0.14282476082632964],
    ];
    for (const [[a, b, c, d], low, high] of reference) {
      const interval = newcombePairedDiff(a, b, c, d);
      close(interval.low, low);
      close(interval.high, high);
    }
  });
});

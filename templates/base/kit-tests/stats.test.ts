import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type CaseOutcome, macroF1OfCases, macroF1Resampler, pairsOf } from '../../src/kit/evals/metrics.js';
import { bootstrap, mcnemarExact, percentile, seededRandom, wilson } from '../../src/kit/evals/stats.js';

describe('Wilson interval', () => {
  it('matches published values', () => {
    const a = wilson(18, 20);
    expect(a.low).toBeCloseTo(0.699, 4);
    expect(a.high).toBeCloseTo(0.9721, 4);
    const b = wilson(27, 30);
    expect(b.low).toBeCloseTo(0.7438, 3);
    expect(b.high).toBeCloseTo(0.9654, 3);
  });

  it('stays inside [0, 1] at the extremes and is wide open with no data', () => {
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(10, 10).high).toBe(1);
    expect(wilson(10, 10).low).toBeCloseTo(0.7225, 4);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('exact McNemar test', () => {
  it('gives the two-sided binomial p-value on the discordant pairs', () => {
    // b=8, c=2: 2 * P(X <= 2), X ~ Bin(10, 1/2) = 2 * (1 + 10 + 45) / 1024 = 112/1024
    expect(mcnemarExact(8, 2)).toBeCloseTo(112 / 1024, 12);
    expect(mcnemarExact(2, 8)).toBeCloseTo(112 / 1024, 12);
    // b=12, c=0: 2 / 2^12
    expect(mcnemarExact(12, 0)).toBeCloseTo(2 / 4096, 12);
    // b=6, c=1: 2 * (1 + 7) / 128 = 0.125
    expect(mcnemarExact(6, 1)).toBeCloseTo(0.125, 12);
  });

  it('caps at 1 and says nothing without discordant pairs', () => {
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
  });

  it('stays finite for large tables', () => {
    const p = mcnemarExact(600, 400);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-9);
  });
});

describe('bootstrap', () => {
  const items = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('is deterministic for a seed and changes with it', () => {
    const spread = Array.from({ length: 30 }, (_, i) => (i * 1.37) % 5);
    const a = bootstrap(spread, mean, { seed: 7 });
    expect(bootstrap(spread, mean, { seed: 7 })).toEqual(a);
    expect(bootstrap(spread, mean, { seed: 8 })).not.toEqual(a);
  });

  it('brackets the statistic with a plausible width', () => {
    const { low, high } = bootstrap(items, mean);
    expect(low).toBeLessThan(mean(items));
    expect(high).toBeGreaterThan(mean(items));
    // close to the Wilson interval for the same proportion (20/30)
    expect(low).toBeGreaterThan(0.45);
    expect(high).toBeLessThan(0.85);
  });

  it('gives the same sequence for the same seed', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(0);
  });
});

describe('percentile', () => {
  it('uses nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('macro-F1 over bootstrap resamples', () => {
  // The resampler is the fast path the bootstrap takes; macroF1OfCases is the plain definition.
  const label = fc.constantFrom('a', 'b', 'c', 'out-of-set');
  const ask = fc.record({ expectedClass: fc.option(label, { nil: undefined }), actualClass: fc.option(label, { nil: undefined }) });
  const outcomeOf = (expectedClass: string | undefined, actualClass: string | undefined): CaseOutcome => ({
    id: 'case',
    tags: [],
    status: actualClass ? 'ok' : 'invalid',
    pass: actualClass === expectedClass,
    expectedClass,
    actualClass,
  });
  // A case asked once, or up to three times (its repeats share the expected class).
  const outcome: fc.Arbitrary<CaseOutcome> = fc.array(ask, { minLength: 1, maxLength: 3 }).map((asks) => {
    const expected = asks[0]?.expectedClass;
    const repeats = asks.map((a) => outcomeOf(expected, a.actualClass));
    return repeats.length === 1 ? outcomeOf(expected, asks[0]?.actualClass) : { ...outcomeOf(expected, asks[0]?.actualClass), repeats };
  });
  const order = fc.constantFrom<string[]>([], ['a', 'b', 'c'], ['c', 'a']);

  it('gives exactly macroF1OfCases of the resampled cases, whatever the classes, repeats and resample', () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 12 }), order, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (cases, classes, picks) => {
        const resampled = macroF1Resampler(cases.map(pairsOf), classes);
        // Two resamples through one resampler: the second must not see the first one's counts.
        for (const indices of [picks.map((p) => p % cases.length), picks.map((p) => (p * 7 + 3) % cases.length)]) {
          const sample = indices.map((i) => cases[i] as CaseOutcome);
          expect(resampled(indices)).toBe(macroF1OfCases(sample, classes));
        }
      }),
    );
  });
});

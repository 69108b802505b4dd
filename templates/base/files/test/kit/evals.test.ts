import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseCases, unlabeledProblem } from '../../src/kit/evals/cases.js';
import { checkClasses, parseCriteria } from '../../src/kit/evals/criteria.js';
import { compareExact, judgeBeatBaseline, judgeMetric, verdictOf } from '../../src/kit/evals/gates.js';
import { type CaseOutcome, macroF1, summarize } from '../../src/kit/evals/metrics.js';
import { classes } from '../../src/score.js';
import { useCase } from '../../src/pipeline.js';
import { validInput } from '../fixtures/use-case.js';
import { exampleExpected } from './helpers/example-expected.js';
import { SHIPPED_DIR, loadShipped, shippedCriteria } from './helpers/shipped.js';
import { tempDir } from './helpers/temp-dir.js';

// The shipped examples as the generator copied them for the tests (helpers/shipped.ts): the team's own
// cases and criteria are checked by `npm run eval` (exit 3 names what is wrong), not by a test.
describe('shipped criteria and cases', () => {
  it('success-criteria.yaml is valid, names this use case and only its classes', () => {
    const criteria = shippedCriteria();
    expect(criteria.use_case).toBe(useCase);
    expect(checkClasses(criteria, classes)).toEqual([]);
  });

  it('every case line is valid, ids are unique and there are enough cases, labelled or waiting for labels', () => {
    const criteria = shippedCriteria();
    const { dataset, errors } = loadShipped();
    expect(errors).toEqual([]);
    const waiting = dataset.unlabeled.reduce((n, f) => n + f.lines.length, 0);
    expect(dataset.cases.length + waiting).toBeGreaterThanOrEqual(criteria.dataset.min_cases);
    // Cases waiting for labels are never scored silently: the runner names them.
    expect(unlabeledProblem(dataset) === null).toBe(waiting === 0);
  });
});

/** A valid case for this pilot's own labels, to break in different ways. */
function firstCaseLine(): string {
  return JSON.stringify({ id: 'example-1', input: validInput, expected: exampleExpected(), tags: ['happy'], source: 'test fixture', criteria: ['a valid answer'] });
}

describe('case validation', () => {
  const file = join(process.cwd(), 'evals/cases/x.jsonl');
  const good = firstCaseLine();

  it('names the file and line of a bad case', () => {
    const broken = { ...JSON.parse(good), expected: 42 };
    const { cases, errors } = parseCases(file, [good, '', '{not json', JSON.stringify(broken)].join('\n'));
    expect(cases).toHaveLength(1);
    expect(errors[0]).toMatch(/^evals\/cases\/x\.jsonl:3: not valid JSON/);
    expect(errors[1]).toMatch(/^evals\/cases\/x\.jsonl:4: expected/);
  });

  it('rejects unknown fields and missing tags', () => {
    const { tags: _tags, ...untagged } = JSON.parse(good);
    const { errors } = parseCases(file, [JSON.stringify({ ...JSON.parse(good), expect: {} }), JSON.stringify(untagged)].join('\n'));
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(/:2: tags/);
  });

  it('reports duplicate ids across a dataset', () => {
    const dir = tempDir('cases');
    writeFileSync(join(dir, 'a.jsonl'), `${good}\n${good}\n`);
    const { errors } = loadDataset(dir, dir);
    expect(errors.join('\n')).toMatch(/a\.jsonl:2: duplicate id/);
  });

  it('refuses the same input under a new id, after normalising case and whitespace, naming both ids', () => {
    const dir = tempDir('cases');
    const first = JSON.parse(good);
    const shout = (v: unknown): unknown =>
      typeof v === 'string' ? `  ${v.toUpperCase().replace(/ /g, ' \t ')} ` : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shout(x)])) : v;
    const copy = { ...first, id: 'copy-of-first', input: shout(first.input) };
    writeFileSync(join(dir, 'a.jsonl'), `${good}\n${JSON.stringify(copy)}\n`);
    const { errors } = loadDataset(dir, dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`case "copy-of-first" has the same input as case "${first.id}"`);
  });
});

describe('criteria validation', () => {
  const valid = readFileSync(join(SHIPPED_DIR, 'success-criteria.yaml'), 'utf8');
  const firstError = (text: string) => {
    const result = parseCriteria(text);
    return 'errors' in result ? result.errors.join('\n') : '';
  };

  it('rejects an unknown metric and a bad threshold', () => {
    expect(firstError(valid.replace(/id: accuracy, min: [0-9.]+/, 'id: vibes, min: 2'))).toMatch(/^success-criteria\.yaml: metrics\.0\.id: metric id must be one of/m);
  });

  it('needs a class for recall, a tag for pass_rate, and exactly one of min or max', () => {
    const withGate = (gate: string) => valid.replace(/^metrics:\n/m, `metrics:\n  - ${gate}\n`);
    expect(firstError(withGate('{ id: recall, min: 0.9 }'))).toMatch(/metrics\.0\.class: recall needs a class/);
    expect(firstError(withGate('{ id: pass_rate, min: 0.9 }'))).toMatch(/metrics\.0\.tag: pass_rate needs a tag/);
    expect(firstError(withGate('{ id: accuracy, class: x, min: 0.9 }'))).toMatch(/metrics\.0\.class: accuracy takes no class/);
    expect(firstError(withGate('{ id: accuracy, min: 0.9, max: 0.95 }'))).toMatch(/give exactly one of min or max/);
    expect(firstError(withGate('{ id: invalid_rate, max: 0.1, judge_on: ci_lower }'))).toMatch(/a max gate is judged on point or ci_upper/);
  });

  it('names a class this use case does not have', () => {
    const result = parseCriteria(valid.replace(/^metrics:\n/m, 'metrics:\n  - { id: recall, class: nonsense, min: 0.9 }\n'));
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    expect(checkClasses(result.criteria, classes)[0]).toMatch(/metrics\.0\.class: "nonsense" is not a class of this use case/);
  });

  it('rejects YAML that does not parse, with the line', () => {
    expect(firstError('use_case: [unclosed\n')).toMatch(/^success-criteria\.yaml:\d+: /);
  });
});

const outcome = (expected: string, actual: string | undefined, tags = ['happy']): CaseOutcome => ({
  id: `${expected}-${actual}-${Math.random()}`,
  tags,
  status: actual === undefined ? 'invalid' : 'ok',
  pass: expected === actual,
  expectedClass: expected,
  actualClass: actual,
});

describe('metrics', () => {
  // a: 3 right, 1 called b; b: 2 right, 1 invalid; c: 1 right, 1 called a
  const outcomes = [
    outcome('a', 'a'),
    outcome('a', 'a'),
    outcome('a', 'a'),
    outcome('a', 'b'),
    outcome('b', 'b'),
    outcome('b', 'b'),
    outcome('b', undefined, ['adversarial']),
    outcome('c', 'c'),
    outcome('c', 'a', ['adversarial']),
  ];
  const s = summarize(outcomes, ['a', 'b', 'c']);

  it('computes accuracy, per-class precision and recall, and macro-F1 by hand', () => {
    expect(s.metrics.accuracy).toMatchObject({ value: 6 / 9, hits: 6, n: 9 });
    expect(s.metrics['precision[a]']).toMatchObject({ hits: 3, n: 4 }); // a predicted 4 times
    expect(s.metrics['recall[a]']).toMatchObject({ hits: 3, n: 4 });
    expect(s.metrics['precision[b]']).toMatchObject({ hits: 2, n: 3 });
    expect(s.metrics['recall[b]']).toMatchObject({ hits: 2, n: 3 });
    expect(s.metrics['recall[c]']).toMatchObject({ hits: 1, n: 2 });
    // F1: a 0.75, b 2/3, c 2*(1*0.5)/(1.5) = 2/3
    expect(s.metrics.macro_f1?.value).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 10);
    expect(s.metrics['pass_rate[adversarial]']).toMatchObject({ hits: 0, n: 2 });
    expect(s.metrics.invalid_rate).toMatchObject({ hits: 1, n: 9 });
  });

  it('builds the confusion matrix with a column for no valid answer', () => {
    expect(s.confusion.rows).toEqual(['a', 'b', 'c']);
    expect(s.confusion.columns).toEqual(['a', 'b', 'c', '(no valid answer)']);
    expect(s.confusion.counts).toEqual([
      [3, 1, 0, 0],
      [0, 2, 0, 1],
      [1, 0, 1, 0],
    ]);
  });

  it('gives the same macro-F1 interval every time', () => {
    expect(summarize(outcomes, ['a', 'b', 'c']).metrics.macro_f1?.ci95).toEqual(s.metrics.macro_f1?.ci95);
    expect(macroF1([])).toBeNull();
  });

  it('counts answers with labels outside the allowed set', () => {
    const out = summarize([{ ...outcome('a', undefined), outOfSet: ['label=zzz'] }, outcome('a', 'a')], ['a']);
    expect(out.metrics.out_of_set_rate).toMatchObject({ hits: 1, n: 2 });
  });
});

describe('gates', () => {
  const outcomes = (passed: number, n: number): CaseOutcome[] => Array.from({ length: n }, (_, i) => ({ id: String(i), tags: ['happy'], status: 'ok' as const, pass: i < passed }));

  it('judges a min on the interval: pass, fail or straddle', () => {
    const gate = { id: 'accuracy' as const, min: 0.7, judge_on: 'ci_lower' as const };
    expect(judgeMetric(gate, summarize(outcomes(29, 30))).status).toBe('PASS');
    expect(judgeMetric(gate, summarize(outcomes(10, 30))).status).toBe('FAIL');
    const straddle = judgeMetric(gate, summarize(outcomes(24, 30)));
    expect(straddle.status).toBe('INCONCLUSIVE');
    expect(straddle.note).toMatch(/straddles 0\.7/);
    expect(judgeMetric({ ...gate, judge_on: 'point' }, summarize(outcomes(24, 30))).status).toBe('PASS');
  });

  it('judges a max on the upper end', () => {
    const gate = { id: 'error_rate' as const, max: 0.2, judge_on: 'ci_upper' as const };
    const withErrors = (errors: number) => summarize(outcomes(30, 30).map((o, i) => (i < errors ? { ...o, status: 'error' as const, pass: false } : o)));
    expect(judgeMetric(gate, withErrors(0)).status).toBe('PASS'); // upper 0.114
    expect(judgeMetric(gate, withErrors(3)).status).toBe('INCONCLUSIVE'); // [0.035, 0.256]
    expect(judgeMetric(gate, withErrors(15)).status).toBe('FAIL');
  });

  it('is inconclusive when nothing was there to measure', () => {
    const result = judgeMetric({ id: 'recall', class: 'urgent', min: 0.9, judge_on: 'point' }, summarize(outcomes(5, 5)));
    expect(result).toMatchObject({ status: 'INCONCLUSIVE', note: 'no case expects or got class "urgent"' });
  });

  it('beats the baseline when the paired interval clears the margin, fails below it, else is inconclusive', () => {
    const rule = { metric: 'accuracy' as const, margin: 0.1, alpha: 0.05 };
    const judge = (p: CaseOutcome[], b: CaseOutcome[]) => judgeBeatBaseline(rule, summarize(p), summarize(b), { pipeline: p, baseline: b });
    const base = outcomes(18, 30);
    // 30/30 vs 18/30: b=12, c=0, p=2/4096; the interval's lower end is above 0.1
    const pass = judge(outcomes(30, 30), base);
    expect(pass).toMatchObject({ status: 'PASS', mcnemar: { b: 12, c: 0 }, method: 'newcombe', cases: 30 });
    expect(pass.interval?.low).toBeGreaterThan(0.1);
    // 18/30 vs 30/30: behind, the whole interval below the margin
    expect(judge(base, outcomes(30, 30)).status).toBe('FAIL');
    // 19/30 vs 18/30: a lead below the margin, but the interval reaches above it: not decided
    expect(judge(outcomes(19, 30), base).status).toBe('INCONCLUSIVE');
    // ahead by 0.2 on 10 cases, but b=2, c=0 is a coin flip: p=0.5
    expect(judge(outcomes(8, 10), outcomes(6, 10))).toMatchObject({ status: 'INCONCLUSIVE', mcnemar: { b: 2, c: 0, pValue: 0.5 } });
  });

  it("tests a lead on one class on that class's cases only", () => {
    // 12 "bug" cases: pipeline 12/12, baseline 10/12; 48 other cases: pipeline right, baseline wrong.
    const make = (bugRight: number, otherRight: boolean): CaseOutcome[] => [
      ...Array.from({ length: 12 }, (_, i) => ({ id: `bug-${i}`, tags: ['happy'], status: 'ok' as const, pass: i < bugRight, expectedClass: 'bug', actualClass: i < bugRight ? 'bug' : 'billing' })),
      ...Array.from({ length: 48 }, (_, i) => ({ id: `other-${i}`, tags: ['happy'], status: 'ok' as const, pass: otherRight, expectedClass: 'billing', actualClass: otherRight ? 'billing' : 'bug' })),
    ];
    const p = make(12, true);
    const b = make(10, false);
    const rule = { metric: 'recall' as const, class: 'bug', margin: 0.1, alpha: 0.05 };
    const result = judgeBeatBaseline(rule, summarize(p, ['bug', 'billing']), summarize(b, ['bug', 'billing']), { pipeline: p, baseline: b });
    expect(result).toMatchObject({ status: 'INCONCLUSIVE', cases: 12, mcnemar: { b: 2, c: 0, pValue: 0.5 } });
    expect(result.basis).toBe('the 12 cases expecting "bug"');
  });

  it('compares counts with thresholds exactly', () => {
    expect(54 / 60 - 48 / 60).toBeLessThan(0.1); // what floating point says
    expect(compareExact(6, 60, 0.1)).toBe(0); // what the gate says: 6/60 is 1/10
    expect(compareExact(7, 10, 0.7)).toBe(0);
    expect(compareExact(69, 100, 0.7)).toBe(-1);
    expect(compareExact(1, 3, 0.3333)).toBe(1);
    const gate = { id: 'accuracy' as const, min: 0.9, judge_on: 'point' as const };
    expect(judgeMetric(gate, summarize(outcomes(54, 60))).status).toBe('PASS');
    expect(judgeMetric(gate, summarize(outcomes(53, 60))).status).toBe('FAIL');
  });

  it('puts blockers before failures', () => {
    const fail = { key: 'g', gate: 'g', status: 'FAIL' as const, actual: 0, threshold: 1 };
    expect(verdictOf([fail], ['no model'])).toBe('inconclusive');
    expect(verdictOf([fail], [])).toBe('not_cleared');
    expect(verdictOf([{ ...fail, status: 'INCONCLUSIVE' }], [])).toBe('inconclusive');
    expect(verdictOf([{ ...fail, status: 'PASS' }], [])).toBe('cleared');
  });
});

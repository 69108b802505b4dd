import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseCases } from '../src/evals/cases.js';
import { parseCriteria, readCriteria } from '../src/evals/criteria.js';
import { judgeMetric, verdictOf } from '../src/evals/gates.js';
import { summarize } from '../src/evals/metrics.js';
import { percentile, wilson } from '../src/evals/stats.js';
import { useCase } from '../src/pipeline.js';

describe('shipped criteria and cases', () => {
  it('success-criteria.yaml is valid and names this use case', () => {
    const result = readCriteria();
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    expect(result.criteria.use_case).toBe(useCase);
  });

  it('every case line is valid, ids are unique and there are enough cases', () => {
    const result = readCriteria();
    if ('errors' in result) throw new Error(result.errors.join('\n'));
    const { dataset, errors } = loadDataset(result.criteria.dataset.path);
    expect(errors).toEqual([]);
    expect(dataset.cases.length).toBeGreaterThanOrEqual(result.criteria.dataset.min_cases);
  });
});

/** The first line of the shipped cases: a valid case to break in different ways. */
function firstCaseLine(): string {
  const result = readCriteria();
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  const [file] = loadDataset(result.criteria.dataset.path).dataset.files;
  return readFileSync(file ?? '', 'utf8').split('\n')[0] ?? '';
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
    const dir = mkdtempSync(join(tmpdir(), 'cases-'));
    writeFileSync(join(dir, 'a.jsonl'), `${good}\n${good}\n`);
    const { errors } = loadDataset(dir);
    expect(errors.join('\n')).toMatch(/duplicate id/);
  });
});

describe('criteria validation', () => {
  const valid = readFileSync('success-criteria.yaml', 'utf8');

  it('rejects an unknown metric and a bad threshold', () => {
    const result = parseCriteria(valid.replace(/id: accuracy, min: [0-9.]+/, 'id: vibes, min: 2'));
    expect('errors' in result && result.errors[0]).toMatch(/^success-criteria\.yaml: metrics\.0/);
  });

  it('rejects YAML that does not parse, with the line', () => {
    const result = parseCriteria('use_case: [unclosed\n');
    expect('errors' in result && result.errors[0]).toMatch(/^success-criteria\.yaml:\d+: /);
  });
});

describe('statistics and gates', () => {
  it('computes the Wilson interval', () => {
    const { low, high } = wilson(27, 30);
    expect(low).toBeCloseTo(0.7438, 3);
    expect(high).toBeCloseTo(0.9654, 3);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
  });

  it('judges accuracy on the interval: pass, fail or straddle', () => {
    const outcomes = (passed: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: String(i), tags: ['happy'], status: 'ok' as const, pass: i < passed }));
    const gate = { id: 'accuracy' as const, min: 0.7, judge_on: 'ci_lower' as const };
    expect(judgeMetric(gate, summarize(outcomes(29, 30))).status).toBe('pass');
    expect(judgeMetric(gate, summarize(outcomes(10, 30))).status).toBe('fail');
    expect(judgeMetric(gate, summarize(outcomes(24, 30))).status).toBe('inconclusive');
  });

  it('puts blockers before failures', () => {
    const fail = { gate: 'g', status: 'fail' as const, actual: 0, threshold: 1 };
    expect(verdictOf([fail], ['no model'])).toBe('inconclusive');
    expect(verdictOf([fail], [])).toBe('not_cleared');
    expect(verdictOf([{ ...fail, status: 'pass' }], [])).toBe('cleared');
  });
});

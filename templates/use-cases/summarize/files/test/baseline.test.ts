import { describe, expect, it } from 'vitest';
import { runBaseline } from '../src/baseline/index.js';
import { MAX_WORDS } from '../src/pipeline.js';
import { judgePlan, scoreCase } from '../src/score.js';

const expected = { facts: ['charged twice', ['refund', 'money back']], forbidden: ['refund was issued'], reference: 'Charged twice; wants a refund.' };

describe('lead-sentences baseline', () => {
  it('takes the first sentences up to the length limit', () => {
    expect(runBaseline({ subject: 's', body: 'One. Two two. Three three three.' })).toEqual({ summary: 'One. Two two. Three three three.', sentences: 3 });
    const long = runBaseline({ subject: 's', body: `${'word '.repeat(200)}.` });
    expect(long.summary.split(' ')).toHaveLength(MAX_WORDS);
  });

  it('makes the mistake a skimmer makes: old quoted text first, the ask at the end cut off', () => {
    const body = `${'> old quoted line about something else. '.repeat(20)}\nPlease refund the duplicate charge.`;
    expect(runBaseline({ subject: 's', body }).summary).not.toMatch(/refund/);
  });

  it('is scored like the pipeline: facts, forbidden claims and length', () => {
    expect(scoreCase(expected, { summary: 'Customer was charged twice and wants their money back.' })).toMatchObject({
      pass: true,
      measures: { fact_coverage: { hits: 2, n: 2 }, forbidden_claim_rate: { hits: 0, n: 1 }, length_ok_rate: { hits: 1, n: 1 } },
    });
    expect(scoreCase(expected, { summary: 'Charged twice; a refund was issued.' })).toMatchObject({ pass: false, measures: { forbidden_claim_rate: { hits: 1, n: 1 } } });
    expect(scoreCase(expected, { summary: `charged twice refund ${'more '.repeat(MAX_WORDS)}` }).measures?.length_ok_rate).toEqual({ hits: 0, n: 1 });
    expect(scoreCase(expected, null)).toMatchObject({ pass: false, measures: { fact_coverage: { hits: 0, n: 2 } } });
  });

  it('reports ROUGE-L against the reference', () => {
    expect(scoreCase(expected, { summary: expected.reference }).scores?.rouge_l).toBe(1);
  });

  it('gives the judge the redacted source, the summary and the checks', () => {
    const plan = judgePlan({ subject: 'Card', body: 'card 4111 1111 1111 1111' }, { ...expected, checks: ['Is the deadline kept?'] }, { summary: 'x' }, null);
    expect(plan?.source).not.toContain('4111');
    expect(plan?.checks).toContain('Is the deadline kept?');
    expect(plan?.pairwise).toBeUndefined();
  });
});

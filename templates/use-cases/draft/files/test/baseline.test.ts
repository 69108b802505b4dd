import { describe, expect, it } from 'vitest';
import { runBaseline } from '../src/baseline/index.js';
import { MAX_WORDS } from '../src/pipeline.js';
import { PAIRWISE_QUESTION, judgePlan, scoreCase } from '../src/score.js';

const expected = { must_include: ['billing team', ['business days', 'working days']], must_not_include: ['refund has been issued'], reference: 'Our billing team replies within 2 business days.' };

describe('canned reply baseline', () => {
  it('fills the subject into the canned reply', () => {
    expect(runBaseline({ subject: 'Charged twice', body: '...' }).reply).toContain('"Charged twice"');
    expect(runBaseline({ subject: ' ', body: '...' }).reply).toContain('"your request"');
  });

  it('makes the mistakes the macro makes: it answers nothing and echoes the subject, personal data and all', () => {
    const { reply } = runBaseline({ subject: 'Card 4111 1111 1111 1111', body: 'How do I add a user?' });
    expect(reply).toContain('4111 1111 1111 1111');
    expect(scoreCase({ must_include: ['settings'], must_not_include: ['4111'], reference: 'x' }, { reply }).pass).toBe(false);
  });

  it('is scored like the pipeline: a rubric of rules, each counted', () => {
    expect(scoreCase(expected, { reply: 'Our billing team will reply within 2 working days.' })).toMatchObject({ pass: true, measures: { rubric_pass_rate: { hits: 4, n: 4 } } });
    expect(scoreCase(expected, { reply: 'A refund has been issued by the billing team.' })).toMatchObject({ pass: false, measures: { rubric_pass_rate: { hits: 2, n: 4 } } });
    expect(scoreCase(expected, { reply: `billing team business days ${'word '.repeat(MAX_WORDS)}` }).measures?.length_ok_rate).toEqual({ hits: 0, n: 1 });
    expect(scoreCase(expected, null)).toMatchObject({ pass: false, measures: { rubric_pass_rate: { hits: 0, n: 4 } } });
  });

  it('gives the judge the redacted source, the checks, and the canned reply to compare against', () => {
    const input = { subject: 'Card 4111 1111 1111 1111', body: 'help' };
    const plan = judgePlan(input, { ...expected, checks: ['Does it apologise?'] }, { reply: 'Hello' }, runBaseline(input));
    expect(plan?.source).not.toContain('4111');
    expect(plan?.checks).toContain('Does it apologise?');
    expect(plan?.pairwise?.question).toBe(PAIRWISE_QUESTION);
    expect(plan?.pairwise?.baselineAnswer).not.toContain('4111');
  });
});

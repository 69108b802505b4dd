/**
 * The question kinds a use case's src/label.ts builds its questions from: what a person types
 * becomes the value its expectedSchema reads, a draft shown for editing reads back the same, and a
 * typo is refused with the reason (the prompt then asks again).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptable, checkExpected, describeExpected } from '../../src/kit/label/expected.js';
import { AnswerError, choice, defineLabelSpec, line, nullableField, phrases } from '../../src/kit/label/spec.js';

describe('label questions', () => {
  it('phrases: ; between phrases, | between alternatives, and back again', () => {
    const q = phrases('facts', 'Facts?', { min: 1, alternatives: true });
    const value = q.parse(' charged twice | two charges ;refund;; by friday ');
    expect(value).toEqual([['charged twice', 'two charges'], 'refund', 'by friday']);
    expect(q.format(value)).toBe('charged twice | two charges; refund; by friday');
    expect(q.parse(q.format(value))).toEqual(value);
    expect(() => q.parse(' ; ')).toThrow(new AnswerError('give at least 1 phrase(s), separated by ;'));
    // Without alternatives a | is just a character of the phrase.
    expect(phrases('x', 'x').parse('a|b; c')).toEqual(['a|b', 'c']);
    expect(phrases('checks', 'x', { optional: true }).parse('  ')).toBeUndefined();
  });

  it('nullable fields: empty is null, numbers without separators, yes/no, and a typo refused', () => {
    const total = nullableField('total', 'Total?', 'number');
    expect(total.parse('')).toBeNull();
    expect(total.parse('null')).toBeNull();
    expect(total.parse('1,250.50')).toBe(1250.5);
    expect(() => total.parse('USD 12')).toThrow(/"USD 12" is not a number/);
    expect(total.format(null)).toBe('');
    expect(total.format(12.5)).toBe('12.5');
    const paid = nullableField('paid', 'Paid?', 'boolean');
    expect([paid.parse('yes'), paid.parse('N'), paid.parse('')]).toEqual([true, false, null]);
    expect(() => paid.parse('maybe')).toThrow('answer yes or no (or leave empty)');
    expect(nullableField('due', 'Due?', 'date').parse(' 2027-01-15 ')).toBe('2027-01-15');
  });

  it('line: required unless optional', () => {
    expect(line('reference', 'x').parse('  A good reply.  ')).toBe('A good reply.');
    expect(() => line('reference', 'x').parse(' ')).toThrow('required: type the text');
    expect(line('note', 'x', { optional: true }).parse('')).toBeUndefined();
  });

  it("a draft is accepted only when the use case's schema takes it; optional fields left out", () => {
    const schema = z.strictObject({ queue: z.enum(['billing', 'technical']), priority: z.enum(['high', 'low']), note: z.string().optional() });
    const spec = defineLabelSpec({ questions: [choice('queue', 'Queue?', ['billing', 'technical']), choice('priority', 'Priority?', ['high', 'low']), line('note', 'Note?', { optional: true })] });
    // A baseline's output carries more than the expected shape (matched keywords): the questions' keys are picked.
    expect(acceptable(spec, schema, { queue: 'billing', priority: 'high', matched: { queue: 'refund' } })).toEqual({ queue: 'billing', priority: 'high' });
    expect(acceptable(spec, schema, { queue: 'sales', priority: 'high' })).toBeNull();
    expect(acceptable(spec, schema, null)).toBeNull();
    expect(checkExpected(spec, schema, { queue: 'billing', priority: undefined, note: undefined })).toEqual({ ok: false, issues: [expect.stringMatching(/^priority: /)] });
    expect(describeExpected(spec, { queue: 'billing', priority: 'high' })).toBe('queue: billing, priority: high');
    expect(describeExpected(spec, {})).toBe('(nothing usable)');
  });

  it('a use case may map its answer to a draft itself (a summary becomes the reference, the facts are left to the person)', () => {
    const schema = z.strictObject({ facts: z.array(z.string()).min(1), reference: z.string().min(1) });
    const spec = defineLabelSpec({
      questions: [phrases('facts', 'Facts?', { min: 1 }), line('reference', 'Reference?')],
      draft: (answer) => ({ reference: (answer as { summary: string }).summary }),
    });
    expect(spec.draft({ summary: 'Charged twice; wants a refund.' })).toEqual({ reference: 'Charged twice; wants a refund.' });
    expect(acceptable(spec, schema, { summary: 'Charged twice; wants a refund.' })).toBeNull();
    expect(checkExpected(spec, schema, { ...spec.draft({ summary: 'S.' }), facts: ['refund'] })).toEqual({ ok: true, expected: { facts: ['refund'], reference: 'S.' } });
  });
});

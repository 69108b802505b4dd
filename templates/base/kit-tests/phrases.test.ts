import { describe, expect, it } from 'vitest';
import { hasPhrase, meets, normalize, rougeL, words } from '../../src/kit/text/phrases.js';

describe('text rule checks', () => {
  it('normalizes case, punctuation and spacing', () => {
    expect(normalize('  Refund,   $49!  ')).toBe('refund 49');
    expect(words('')).toEqual([]);
    expect(words('Two  words.')).toEqual(['two', 'words']);
  });

  it('finds phrases as whole words only', () => {
    expect(hasPhrase('A refund was issued.', 'refund')).toBe(true);
    expect(hasPhrase('We refunded it.', 'refund')).toBe(false);
    expect(hasPhrase('Due on 15 March', '15 march')).toBe(true);
    expect(hasPhrase('anything', '')).toBe(false);
    expect(meets('money back soon', ['refund', 'money back'])).toBe(true);
  });

  it('computes ROUGE-L F1 by hand', () => {
    expect(rougeL('the cat sat', 'the cat sat')).toBe(1);
    expect(rougeL('', 'x')).toBe(0);
    // LCS of "a b c d" and "a c e" is "a c": P = 2/4, R = 2/3, F1 = 4/7.
    expect(rougeL('a b c d', 'a c e')).toBeCloseTo(4 / 7, 10);
  });
});

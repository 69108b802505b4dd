import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from './did-you-mean.js';
import { AUTHS, CONNECTORS, USE_CASES } from './options.js';

describe('closestName', () => {
  it.each([
    ['summarise', USE_CASES, 'summarize'],
    ['clasify', USE_CASES, 'classify'],
    ['postgress', CONNECTORS, 'postgres'],
    ['SQLite', CONNECTORS, 'sqlite'],
    ['apikey', AUTHS, 'api-key'],
    ['odic', AUTHS, 'oidc'],
  ])('%s → %s', (typed, names, expected) => {
    expect(closestName(typed, names)).toBe(expected);
  });

  it.each([
    ['mongo', CONNECTORS],
    ['poetry', USE_CASES],
    ['x', AUTHS],
  ])('no suggestion for %s, which is another word, not a typo', (typed, names) => {
    expect(closestName(typed, names)).toBeUndefined();
  });

  it('phrases the hint, and gives none for a value that is not a string', () => {
    expect(didYouMean('sqllite', CONNECTORS)).toBe('; did you mean sqlite?');
    expect(didYouMean(42, CONNECTORS)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETS, examplesLabelled, formatSet, setKeysOf, useCaseOfSet } from './use-case-sets.js';

describe('use-case sets', () => {
  it('names the sets each use case takes, and the use case of each set', () => {
    expect(setKeysOf('classify')).toEqual(['labels']);
    expect(setKeysOf('triage')).toEqual(['queues', 'priorities']);
    expect(setKeysOf('extract')).toEqual(['fields']);
    expect(setKeysOf('summarize')).toEqual([]);
    expect(useCaseOfSet('priorities')).toBe('triage');
  });

  it('calls the shipped examples labelled only for the default sets: labels as a set, priorities in order', () => {
    expect(examplesLabelled('classify', DEFAULT_SETS.classify)).toBe(true);
    expect(examplesLabelled('classify', { labels: ['other', 'feature_request', 'account', 'bug', 'billing'] })).toBe(true);
    expect(examplesLabelled('classify', { labels: ['refund', 'shipping', 'other'] })).toBe(false);
    expect(examplesLabelled('triage', { ...DEFAULT_SETS.triage, priorities: ['low', 'normal', 'high', 'urgent'] })).toBe(false);
    expect(examplesLabelled('extract', { fields: [{ name: 'total', type: 'string' }] })).toBe(false);
    expect(examplesLabelled('summarize', {})).toBe(true);
  });

  it('formats a set as the user types it', () => {
    expect(formatSet(['a', 'b'])).toBe('a,b');
    expect(formatSet([{ name: 'total', type: 'number' }])).toBe('total:number');
  });
});

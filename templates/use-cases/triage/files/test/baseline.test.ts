import { describe, expect, it } from 'vitest';
import { runBaseline } from '../src/baseline/index.js';
import { outOfSetLabels, scoreCase } from '../src/score.js';

describe('keyword triggers baseline', () => {
  it('routes by the first matching queue and priority rule and says which keywords decided', () => {
    expect(runBaseline({ subject: 'Charged twice', body: 'please refund one' })).toEqual({
      queue: 'billing',
      priority: 'high',
      matched: { queue: 'refund', priority: 'charged twice' },
    });
    expect(runBaseline({ subject: 'Outage', body: 'the API is down' })).toMatchObject({ queue: 'technical', priority: 'urgent' });
    expect(runBaseline({ subject: 'Hello', body: 'see you' })).toEqual({ queue: 'general', priority: 'normal', matched: { queue: null, priority: null } });
  });

  it('makes the mistakes the real triggers make', () => {
    // "down" matches "downgrade": a plan change becomes urgent.
    expect(runBaseline({ subject: 'Downgrade', body: 'move us to the Basic plan' }).priority).toBe('urgent');
    // Shouting wins over impact, and a polite outage report falls through.
    expect(runBaseline({ subject: 'URGENT', body: 'the logo is blurry' }).priority).toBe('urgent');
    expect(runBaseline({ subject: 'Quick question', body: 'nobody can open the app since this morning' }).priority).toBe('low');
  });

  it('is scored like the pipeline: queue and priority must both match', () => {
    const expected = { queue: 'technical', priority: 'urgent' } as const;
    expect(scoreCase(expected, { queue: 'technical', priority: 'urgent' })).toEqual({ pass: true, expectedClass: 'urgent', actualClass: 'urgent' });
    expect(scoreCase(expected, { queue: 'general', priority: 'urgent' })).toMatchObject({ pass: false, actualClass: 'urgent' });
    // No valid answer: a fail that still counts towards the expected class's recall.
    expect(scoreCase(expected, null)).toEqual({ pass: false, expectedClass: 'urgent', actualClass: undefined });
  });

  it('names queues and priorities outside the allowed sets', () => {
    expect(outOfSetLabels({ queue: 'security', priority: 'critical' })).toEqual(['queue=security', 'priority=critical']);
    expect(outOfSetLabels({ queue: 'billing', priority: 'low' })).toEqual([]);
    expect(outOfSetLabels('not an object')).toEqual([]);
  });
});

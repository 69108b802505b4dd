import { describe, expect, it } from 'vitest';
import { runBaseline } from '../src/baseline/index.js';
import { scoreCase } from '../src/score.js';

describe('keyword baseline', () => {
  it('routes by the first matching rule and says which keyword decided', () => {
    expect(runBaseline({ subject: 'Charged twice', body: 'please refund' })).toEqual({ label: 'billing', matched: 'refund' });
    expect(runBaseline({ subject: 'Cannot log in', body: 'wrong password' })).toEqual({ label: 'account', matched: 'password' });
    expect(runBaseline({ subject: 'App crashes', body: '' }).label).toBe('bug');
    expect(runBaseline({ subject: 'Idea', body: 'It would be nice to have tags' }).label).toBe('feature_request');
    expect(runBaseline({ subject: 'Thanks', body: 'great job' })).toEqual({ label: 'other', matched: null });
  });

  it('makes the mistakes the real rules make', () => {
    // A broken invoice page is a bug, but "invoice" wins: this is what the pilot must beat.
    expect(runBaseline({ subject: 'Invoice PDF is blank', body: 'download opens an empty tab' }).label).toBe('billing');
    // Non-English mail falls through.
    expect(runBaseline({ subject: 'No puedo iniciar sesión', body: 'la contraseña es incorrecta' }).label).toBe('other');
  });

  it('is scored like the pipeline', () => {
    expect(scoreCase({ label: 'bug' }, runBaseline({ subject: 'crash', body: '' }))).toEqual({ pass: true, expectedClass: 'bug', actualClass: 'bug' });
    expect(scoreCase({ label: 'bug' }, { label: 'billing' }).pass).toBe(false);
    // No valid answer: a fail that still counts towards the expected class's recall.
    expect(scoreCase({ label: 'bug' }, null)).toEqual({ pass: false, expectedClass: 'bug', actualClass: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import { Tree } from '../tree/tree.js';
import { freshReadiness } from './fresh-readiness.js';
import { SHIPPED_CASES_FILE, inputFingerprint, renderShippedCases, shippedCases } from './shipped-cases.js';

const line = (id: string, input: unknown) => JSON.stringify({ id, input, expected: { label: 'x' }, tags: ['happy'], source: 'shipped example', criteria: ['c'] });

describe('shipped-case fingerprints', () => {
  it('records every case line of evals/cases/*.jsonl by input, ignoring case, spacing, key order and the source', () => {
    const tree = new Tree();
    tree.write('evals/cases/a.jsonl', `${line('a-1', { subject: 'Hi', body: 'Two  charges' })}\n\n{not json\n${line('a-2', { body: 'b', subject: 's' })}\n`, 'test');
    tree.write('evals/other.jsonl', `${line('z-1', { body: 'elsewhere' })}\n`, 'test');
    const cases = shippedCases(tree);
    expect(cases.map((c) => c.id)).toEqual(['a-1', 'a-2']);
    expect(cases[0]?.fingerprint).toBe(inputFingerprint({ body: 'two charges', subject: 'HI' }));
    expect(cases[0]?.fingerprint).not.toBe(inputFingerprint({ subject: 'Hi', body: 'Two charges, again' }));
    const text = renderShippedCases(cases);
    expect(text.split('\n').filter((l) => !l.startsWith('#') && l)).toEqual(cases.map((c) => `${c.fingerprint}  ${c.id}`));
  });
});

describe('freshReadiness', () => {
  const run = (script: string, args?: string) => `npm run ${script}${args ? ` -- ${args}` : ''}`;
  const pilot = (files: Record<string, string>) => ({ paths: Object.keys(files), read: (p: string) => files[p], connector: 'sqlite', auth: 'api-key', run });
  it('is not ready in any dimension when on-call is the owner, and counts the shipped examples', () => {
    const rows = freshReadiness(pilot({ [SHIPPED_CASES_FILE]: '# header\nabc  a-1\ndef  a-2\n', '.github/CODEOWNERS': '* @acme/ai\n', 'RUNBOOK.md': '- **On-call:** @acme/ai\n' }));
    expect(rows.map((r) => [r.dimension, r.status])).toEqual([
      ['data', 'missing'],
      ['evals', 'missing'],
      ['integration', 'missing'],
      ['ownership', 'not yet'],
      ['success_criteria', 'not yet'],
      ['framing', 'missing'],
    ]);
    expect(rows[1]?.next).toMatch(/the 2 shipped examples/);
    // Each next step is a command the team can paste, in its package manager's words.
    expect(rows[1]?.next).toContain('(npm run cases:import, then npm run cases:label)');
    expect(rows[4]?.next).toBe('have the owners review the cases and the bar, then npm run eval -- --lock');
    expect(rows[5]?.next).toBe('run npm run eval with a model configured until it clears the bar');
  });
  it("asks to label the shipped examples when they are unlabeled copies for the team's own sets, not to replace them", () => {
    const copy = (id: string) => JSON.stringify({ id, input: { body: id }, tags: ['edge', 'unlabeled'], source: 'shipped example', criteria: [] });
    const rows = freshReadiness(pilot({ [SHIPPED_CASES_FILE]: '# header\nabc  a-1\ndef  a-2\n', 'evals/cases/a.jsonl': `${copy('a-1')}\n\n${copy('a-2')}\n` }));
    expect(rows[1]).toMatchObject({ status: 'missing' });
    expect(rows[1]?.next).toBe(
      'label the 2 shipped examples for your own sets (npm run cases:label), then add labelled cases of your own (npm run cases:import, then npm run cases:label)',
    );
    const labelled = freshReadiness(pilot({ [SHIPPED_CASES_FILE]: '# header\nabc  a-1\n', 'evals/cases/a.jsonl': `${line('a-1', { body: 'a' })}\n` }));
    expect(labelled[1]?.next).toBe('replace the 1 shipped examples with labelled cases of your own (npm run cases:import, then npm run cases:label)');
  });
  it('calls ownership ready only with a real team and an on-call who is not the team itself', () => {
    const ownership = (codeowners: string, oncall: string) => freshReadiness(pilot({ '.github/CODEOWNERS': codeowners, 'RUNBOOK.md': `- **On-call:** ${oncall}\n` }))[3];
    expect(ownership('* @acme/ai\n', 'ai-oncall rota')?.status).toBe('ready');
    expect(ownership('* @org/team\n', 'ai-oncall rota')).toMatchObject({ status: 'not yet', next: expect.stringMatching(/CODEOWNERS/) });
  });
});

// An update whose templates ship other example cases: a team's case file may still hold the old
// examples (an edited seed is theirs), so the shipped-case fingerprints keep recognising them beside the new ones.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../layers/catalog.js';
import { SHIPPED_CASES_FILE, inputFingerprint, keepShippedCases } from '../readiness/shipped-cases.js';
import { planScaffold } from '../scaffold/plan-scaffold.js';
import { manifest, minimalTemplates, sampleAnswers, tempDir, testGenerator, writeTree } from '../test-utils/fixtures.js';
import { applyPlan } from '../tree/apply-plan.js';
import { applyUpdate } from './apply-update.js';
import { planUpdate } from './plan-update.js';
import { readPilotProvenance } from './read-pilot.js';

const caseLine = (id: string, subject: string) => `${JSON.stringify({ id, input: { subject, body: 'b' }, expected: { label: 'x' } })}\n`;

/** The minimal templates at `version`, whose classify layer ships `cases` as the team's own case file. */
async function templates(version: string, cases: string) {
  const root = await writeTree(
    minimalTemplates({
      'base/layer.json': manifest({ id: 'base', kind: 'base', version }),
      'use-cases/classify/layer.json': manifest({ id: 'classify', kind: 'use-case', version, merge: { 'package.json': 'json' }, ownership: { seed: ['evals/cases/**'] } }),
      'use-cases/classify/files/evals/cases/classify.jsonl': cases,
    }),
  );
  return loadCatalog(root);
}

const entries = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('  '));

describe('shipped-case fingerprints across an update', () => {
  it("keeps the examples the pilot was made with, adds the new version's, and is stable once updated", async () => {
    const pilot = join(await tempDir(), 'pilot');
    await applyPlan(
      await planScaffold({ catalog: await templates('0.1.0', caseLine('old-1', 'Old example')), targetDir: pilot, answers: sampleAnswers, generator: testGenerator }),
    );

    const catalog = await templates('0.2.0', caseLine('new-1', 'New example'));
    const generator = { ...testGenerator, version: '0.2.0' };
    const plan = await planUpdate({ pilotDir: pilot, provenance: readPilotProvenance(pilot), catalog, generator });
    const written = plan.changes.find((change) => change.path === SHIPPED_CASES_FILE)?.content?.toString('utf8');
    expect(entries(written)).toEqual([
      [inputFingerprint({ subject: 'New example', body: 'b' }), 'new-1'],
      [inputFingerprint({ subject: 'Old example', body: 'b' }), 'old-1'],
    ]);
    // A seed is the template's until the team edits it: this one was never edited, so it takes the new examples.
    expect(plan.changes.find((change) => change.path === 'evals/cases/classify.jsonl')?.content?.toString('utf8')).toBe(caseLine('new-1', 'New example'));

    await applyUpdate(pilot, plan.changes);
    const again = await planUpdate({ pilotDir: pilot, provenance: readPilotProvenance(pilot), catalog, generator });
    expect(again.changes.map((change) => change.path)).toEqual([]);
  });

  it('drops lines of the old file that are not entries, and does not repeat a fingerprint', () => {
    const old = inputFingerprint({ subject: 'Old' });
    const same = inputFingerprint({ subject: 'Same' });
    const previous = `# header\n${old}  old-1\nnot an entry\n${same}  same-old\n${'f'.repeat(63)}  short\n`;
    expect(keepShippedCases(previous, [{ id: 'same-new', fingerprint: same }])).toEqual([
      { id: 'same-new', fingerprint: same },
      { id: 'old-1', fingerprint: old },
    ]);
  });
});

// A pilot made with the team's own labels has those labels, and only those, everywhere the use case
// names them; its example cases ship unlabeled, and its eval says so with a count instead of pretending.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npmRun, readCases, scaffoldPilot } from '../../support/pilot.js';

const OWN = ['refund', 'shipping', 'other'];
const DEFAULT_ONLY = ['billing', 'bug', 'account', 'feature_request'];
const read = (dir: string, path: string) => readFile(join(dir, path), 'utf8');
const wholeWord = (word: string) => new RegExp(`\\b${word}\\b`);

describe('a classify pilot made with --labels refund,shipping,other', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await scaffoldPilot({ useCase: 'classify', flags: ['--labels', OWN.join(',')] });
  });

  it('has those labels, and only those, in its prompt and schema, baseline and criteria', async () => {
    const pipeline = await read(dir, 'src/pipeline.ts');
    expect(pipeline).toContain("export const labels = ['refund', 'shipping', 'other'] as const;");
    for (const path of ['src/pipeline.ts', 'src/baseline/rules.ts', 'success-criteria.yaml', 'evals/criteria.md']) {
      const text = await read(dir, path);
      for (const label of DEFAULT_ONLY) expect(text, `${path} names ${label}`).not.toMatch(wholeWord(label));
    }
    expect(await read(dir, 'success-criteria.yaml')).toMatch(/- \{ id: recall, class: refund,/);
    const criteria = await read(dir, 'evals/criteria.md');
    for (const label of OWN) expect(criteria).toContain(`| \`${label}\` |`);
    const provenance = JSON.parse(await read(dir, '.pilot-slice.json'));
    expect(provenance.answers.labels).toEqual(OWN);
  });

  it('ships its example cases with no expected, tagged unlabeled', async () => {
    const cases = await readCases(dir);
    expect(cases.length).toBeGreaterThanOrEqual(24);
    for (const c of cases) {
      expect(c).not.toHaveProperty('expected');
      expect(c.tags).toContain('unlabeled');
    }
  });

  it('exits 2 from its eval, naming the unlabeled count, with its own labels as the report classes', { timeout: 120_000 }, async () => {
    const count = (await readCases(dir)).length;
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stdout).toContain(`inconclusive: ${count} unlabeled case(s) need labelling`);
    const reportDir = /report: (\S+?)\/?$/m.exec(run.stdout)?.[1] ?? '';
    const report = JSON.parse(await read(dir, join(reportDir, 'report.json')));
    expect(report.baseline.summary.classes.map((row: { class: string }) => row.class)).toEqual(OWN);
  });

  it('passes its own tests and readiness names the unlabeled cases', { timeout: 300_000 }, async () => {
    const tests = await npmRun(dir, 'test');
    expect(tests.exitCode, tests.all).toBe(0);
    const count = (await readCases(dir)).length;
    const readiness = await npmRun(dir, 'readiness', ['--strict']);
    expect(readiness.exitCode, readiness.all).toBe(1);
    expect(readiness.stdout).toMatch(new RegExp(`^data +missing .*0 labelled case\\(s\\) of your own, ${count} waiting for a label`, 'm'));
  });
});

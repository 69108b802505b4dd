// A team's daily loop: import a few records, label some of them, run the tests. The pilot's own tests
// work on the shipped examples (test/kit/fixtures/shipped/), never on evals/cases, so a team halfway
// through labelling stays green, while its eval says how many cases still wait for a label.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmRun, readCases, scaffoldPilot } from '../../support/pilot.js';

/** Imports `limit` records from the pilot's connector; the file it wrote, under evals/cases. */
async function importCases(dir: string, limit: number): Promise<string> {
  const run = await npmRun(dir, 'cases:import', ['--limit', String(limit)]);
  expect(run.exitCode, run.all).toBe(0);
  expect(run.stdout).toContain(`wrote ${limit} unlabeled case(s)`);
  const file = (await readdir(join(dir, 'evals/cases'))).find((name) => name.startsWith('imported-'));
  if (!file) throw new Error(`no imported file: ${run.all}`);
  return join(dir, 'evals/cases', file);
}

/** npm test passes; npm run eval exits 2 naming `unlabeled` cases waiting for a label. */
async function expectGreenAndWaiting(dir: string, unlabeled: number): Promise<void> {
  const tests = await npmRun(dir, 'test');
  expect(tests.exitCode, tests.all.slice(-4000)).toBe(0);
  const run = await npmRun(dir, 'eval');
  expect(run.exitCode, run.all).toBe(2);
  expect(run.stdout).toContain(`inconclusive: ${unlabeled} unlabeled case(s) need labelling`);
}

describe('a team halfway through its first cases', () => {
  it('a default pilot: 3 records imported, npm test stays green and the eval names the 3 unlabeled', { timeout: 600_000 }, async () => {
    const dir = await scaffoldPilot();
    await importCases(dir, 3);
    await expectGreenAndWaiting(dir, 3);
  });

  it('a --labels pilot: 3 records imported and 2 of them labelled, npm test stays green and the eval names the rest', { timeout: 600_000 }, async () => {
    const dir = await scaffoldPilot({ useCase: 'classify', flags: ['--labels', 'refund,shipping,other'] });
    const file = await importCases(dir, 3);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const label = (line: string, expected: string) => {
      const c = JSON.parse(line) as { tags: string[] };
      return JSON.stringify({ ...c, expected: { label: expected }, tags: ['happy'], criteria: ['the owners agree'], labelled_by: 'Ada Lovelace' });
    };
    await writeFile(file, `${[label(lines[0] ?? '', 'refund'), label(lines[1] ?? '', 'other'), lines[2]].join('\n')}\n`);
    const waiting = (await readCases(dir)).filter((c) => c.tags.includes('unlabeled')).length;
    expect(waiting).toBeGreaterThan(1); // the shipped copies and the one imported case left
    await expectGreenAndWaiting(dir, waiting);
  });

  it('cases:import from the csv sample counts every record it reports skipped', { timeout: 120_000 }, async () => {
    const dir = await scaffoldPilot({ connector: 'csv' });
    const run = await npmRun(dir, 'cases:import', ['--limit', '3']);
    expect(run.exitCode, run.all).toBe(0);
    const reported = run.all.split('\n').filter((line) => /skipped (malformed )?record\b/.test(line)).length;
    expect(reported).toBeGreaterThan(0);
    expect(run.stdout).toMatch(new RegExp(`\\(\\d+ duplicate\\(s\\) of existing cases, ${reported} record\\(s\\) skipped\\)`));
  });
});

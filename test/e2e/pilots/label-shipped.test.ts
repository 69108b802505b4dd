// A pilot made with its own sets (labels, queues and priorities, fields) ships its examples as
// unlabeled copies. `cases:label` takes them: without a terminal it explains how to label them by
// file (every use case), in a real terminal (tmux) it asks for the answer, the tags and the criterion
// and saves a case the eval scores. Summarize and draft have no sets: their examples ship labelled.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmRun, pilotEnv, readCases, scaffoldPilot } from '../../support/pilot.js';
import { choose, criterion, tag } from '../../support/label-prompts.js';
import { has } from '../../support/system-program.js';
import { openTerminal } from '../../support/tmux.js';

interface OwnSets {
  flags: string[];
  /** A valid `expected` for case i in those sets. */
  expected(i: number): Record<string, unknown>;
}
const OWN: Record<string, OwnSets> = {
  classify: { flags: ['--labels', 'refund,shipping,other'], expected: (i) => ({ label: ['refund', 'shipping', 'other'][i % 3] }) },
  triage: {
    flags: ['--queues', 'payments,outage,other', '--priorities', 'p1,p2,p3'],
    expected: (i) => ({ queue: ['payments', 'outage', 'other'][i % 3], priority: ['p1', 'p2', 'p3'][(i + 1) % 3] }),
  },
  extract: {
    flags: ['--fields', 'order_id:string,amount:number,paid:boolean,placed:date'],
    expected: (i) => ({ order_id: i % 2 ? `A-${i}` : null, amount: i % 3 ? i * 10.5 : null, paid: i % 2 === 0, placed: i % 4 ? null : '2026-12-01' }),
  },
};

const casesFile = (dir: string, useCase: string) => join(dir, 'evals/cases', `${useCase}.jsonl`);

describe.each(Object.keys(OWN))('the shipped examples of a %s pilot made with its own sets', (useCase) => {
  const own = OWN[useCase] as OwnSets;

  it('are explained by cases:label without a terminal, then labelled by file into cases the eval scores', { timeout: 240_000 }, async () => {
    const dir = await scaffoldPilot({ useCase, flags: own.flags });
    const shipped = await readCases(dir);
    expect(shipped.length).toBeGreaterThanOrEqual(24);
    for (const c of shipped) expect(c).toMatchObject({ tags: expect.arrayContaining(['unlabeled']), criteria: [] });

    // Every copy is a case waiting for a label, not a malformed line (it was exit 3, one line per case).
    const explained = await npmRun(dir, 'cases:label');
    expect(explained.exitCode, explained.all).toBe(2);
    expect(explained.stdout).toContain(`${shipped.length} unlabeled case(s) in evals/cases/${useCase}.jsonl. To label one by file, edit its line:`);
    expect(explained.all).not.toMatch(/Invalid input/);

    // By file, as that help says: an expected in the team's sets, the unlabeled tag replaced, a criterion.
    const labelled = shipped.map(({ file: _file, line: _line, ...c }, i) => ({
      ...c,
      expected: own.expected(i),
      tags: c.tags.filter((t) => t !== 'unlabeled'),
      criteria: ['the owners agree'],
    }));
    await writeFile(casesFile(dir, useCase), `${labelled.map((c) => JSON.stringify(c)).join('\n')}\n`);

    const rest = await npmRun(dir, 'cases:label');
    expect(rest.exitCode, rest.all).toBe(0);
    expect(rest.stdout).toContain('no unlabeled cases in evals/cases');
    // Inconclusive only for want of a model: every case is scored (by the baseline), none waits for a label.
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stdout).not.toMatch(/unlabeled/);
    expect(run.stdout).toMatch(/PILOT_MODEL/);
    const reportDir = /^report: (\S+?)\/?$/m.exec(run.stdout)?.[1] ?? '';
    const report = JSON.parse(await readFile(join(dir, reportDir, 'report.json'), 'utf8'));
    expect(report.baseline.summary.n).toBe(shipped.length);
  });
});

describe.runIf(has('tmux', 'labelling shipped examples in a real terminal'))('the shipped examples of a classify pilot made with --labels, in a real terminal', () => {
  it("asks for the answer, ticks only the case's own tags, asks for a criterion, and saves a case the eval scores", { timeout: 240_000 }, async () => {
    const dir = await scaffoldPilot({ useCase: 'classify', flags: OWN.classify?.flags });
    const file = casesFile(dir, 'classify');
    const before = await readFile(file, 'utf8');
    const [first] = await readCases(dir);
    if (!first) throw new Error('no shipped case');
    const ownTags = first.tags.filter((t) => t !== 'unlabeled');
    const term = await openTerminal('npm run cases:label -- --by "Ada Lovelace"', dir, pilotEnv({ TERM: 'xterm-256color' }));
    try {
      await term.waitFor(new RegExp(`case 1 of \\d+ · ${first.id}[\\s\\S]*◆ {2}This case:[\\s\\S]*quit`), 60_000);
      await term.press('a');
      await choose(term, 'Which label is right?', 'shipping');
      expect(await tag(term, [...ownTags, 'edge'])).toEqual(ownTags);
      // The copy's criteria list is empty, so the session asks for one.
      await criterion(term, 'a parcel that never came is shipping');
      await term.waitFor(new RegExp(`saved ${first.id}`));
      await term.waitFor(/case 2 of \d+ · [\s\S]*◆ {2}This case:/);
      await term.press('q');
      expect(await term.waitFor(/EXIT=\d+/)).toContain('EXIT=0');
    } finally {
      await term.kill();
    }
    const lines = (await readFile(file, 'utf8')).split('\n');
    const saved = JSON.parse(lines[0] ?? '{}');
    expect(saved).toMatchObject({
      id: first.id,
      input: first.input,
      expected: { label: 'shipping' },
      criteria: ['a parcel that never came is shipping'],
      labelled_by: 'Ada Lovelace',
    });
    expect([...saved.tags].sort()).toEqual([...new Set([...ownTags, 'edge'])].sort());
    expect(lines.slice(1)).toEqual(before.split('\n').slice(1));
    // The eval scores the labelled copy and still names the rest as unlabeled.
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stdout).toContain(`inconclusive: ${lines.filter(Boolean).length - 1} unlabeled case(s) need labelling`);
    const reportDir = /^report: (\S+?)\/?$/m.exec(run.stdout)?.[1] ?? '';
    expect(JSON.parse(await readFile(join(dir, reportDir, 'report.json'), 'utf8')).baseline.summary.n).toBe(1);
  });
});

describe.each(['summarize', 'draft'])('a %s pilot (no sets to choose)', (useCase) => {
  it('ships its examples labelled: nothing for cases:label to do', { timeout: 120_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const cases = await readCases(dir);
    expect(cases.length).toBeGreaterThanOrEqual(24);
    for (const c of cases) expect(c.expected, c.id).toBeDefined();
    const run = await npmRun(dir, 'cases:label');
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toContain('no unlabeled cases in evals/cases');
  });
});

// The labelling step of the walk to ready (templates/base/kit-tests/readiness.test.ts walks every
// step, labelling by file): here real records are imported and then labelled through `cases:label`
// in a real terminal (tmux), accepting the model's answer and tagging the hard cases, and the
// readiness row it is for (data) flips to ready, and no other.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../support/fake-openai.js';
import { npmRun, pilotEnv, readCases, scaffoldPilot } from '../../support/pilot.js';
import { criterion, tag } from '../../support/label-prompts.js';
import { has } from '../../support/system-program.js';
import { openTerminal } from '../../support/tmux.js';

const servers: FakeOpenAI[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const HARD = ['edge', 'adversarial', 'pii'];

async function statuses(dir: string): Promise<Record<string, string>> {
  const run = await npmRun(dir, 'readiness', ['--json']);
  if (run.exitCode !== 0) throw new Error(run.all);
  return Object.fromEntries(Object.entries(JSON.parse(run.stdout) as Record<string, { status: string }>).map(([k, v]) => [k, v.status]));
}

describe.runIf(has('tmux', 'the walk to ready, labelling in a real terminal'))('the walk to ready, labelling in a real terminal', () => {
  it('imports records, labels every one with cases:label, and only the data row flips', { timeout: 600_000 }, async () => {
    const dir = await scaffoldPilot();
    await writeFile(join(dir, '.env'), 'PILOT_SOURCE=support inbox export, November\n');
    const before = await statuses(dir);
    expect(before.data).toBe('missing');

    const imported = await npmRun(dir, 'cases:import', ['--limit', '22']);
    expect(imported.exitCode, imported.all).toBe(0);
    const file = (await readdir(join(dir, 'evals/cases'))).find((f) => f.startsWith('imported-')) ?? 'missing';
    const pending = (await readFile(join(dir, 'evals/cases', file), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string });
    expect(pending.length).toBeGreaterThanOrEqual(20);
    expect(await statuses(dir)).toEqual({ ...before, data: 'not yet' });

    // The model proposes one valid answer for everything; the person accepts it and tags the hard cases.
    const [shipped] = await readCases(dir);
    const server = await startFakeOpenAI({ answer: () => JSON.stringify(shipped?.expected) });
    servers.push(server);
    const env = pilotEnv({ TERM: 'xterm-256color', OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'test-key', PILOT_MODEL: 'label-model', PILOT_EVAL_CACHE: 'off' });
    const term = await openTerminal('npm run cases:label -- --by "Ada Lovelace"', dir, env);
    try {
      for (const [i, c] of pending.entries()) {
        await term.waitFor(new RegExp(`case ${i + 1} of ${pending.length} · ${c.id}[\\s\\S]*◆ {2}This case:[\\s\\S]*quit`), 60_000);
        await term.press('m');
        await tag(term, i < HARD.length ? [HARD[i] as string] : ['happy']);
        await criterion(term, 'the owners agree with this answer');
        await term.waitFor(new RegExp(`saved ${c.id}`));
      }
      await term.waitFor(/EXIT=0/, 60_000);
    } finally {
      await term.kill();
    }

    const saved = (await readFile(join(dir, 'evals/cases', file), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(saved.map((c) => c.id)).toEqual(pending.map((c) => c.id));
    for (const c of saved) expect(c).toMatchObject({ expected: shipped?.expected, labelled_by: 'Ada Lovelace', criteria: ['the owners agree with this answer'] });
    expect(saved.slice(0, 3).map((c) => c.tags)).toEqual(HARD.map((t) => [t]));
    // Only data is ready now; evals has the cases but still holds the shipped examples.
    const after = await statuses(dir);
    expect(Object.keys(after).filter((k) => after[k] === 'ready')).toEqual(['data']);
    expect(after.evals).toBe('not yet');
  });
});

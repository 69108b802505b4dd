// `npm run cases:label` in a real terminal (tmux), as the domain expert uses it: label two cases (one
// by accepting the baseline's answer, one by picking the right one), tag one, skip one, quit; then a
// session killed halfway. The file is compared exactly: what was saved, and every other line as it was.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { npmRun, pilotEnv, scaffoldPilot } from '../../support/pilot.js';
import { type Terminal, openTerminal } from '../../support/tmux.js';

const FILE = 'evals/cases/imported-2026-12-01.jsonl';
const BY = 'Ada Lovelace';

/** What each use case's baseline answers for the first input, and the right answer typed for the second. */
interface Script {
  accepted: Record<string, unknown>;
  typed: Array<{ question: string; key: string; value: string }>;
  /** What the fake model answers, and how the session shows it. */
  model: { answer: Record<string, unknown>; shown: string };
}
const scripts: Record<string, Script> = {
  classify: {
    accepted: { label: 'billing' },
    typed: [{ question: 'Which label is right?', key: 'label', value: 'bug' }],
    model: { answer: { label: 'account', confidence: 0.9, reason: 'a test double' }, shown: 'model: label: account' },
  },
  triage: {
    accepted: { queue: 'billing', priority: 'normal' },
    model: { answer: { queue: 'account', priority: 'high' }, shown: 'model: queue: account, priority: high' },
    typed: [
      { question: 'Which queue should it go to?', key: 'queue', value: 'technical' },
      { question: 'Which priority? (urgent is flagged)', key: 'priority', value: 'high' },
    ],
  },
};
const typedExpected = (typed: (typeof scripts)[string]['typed']) => Object.fromEntries(typed.map((t) => [t.key, t.value]));

const inputs = [
  { subject: 'Refund for a double charge', body: 'Please refund the second charge on my card.' },
  { subject: 'Reports page is empty', body: 'Since Monday the reports page shows nothing for our team.' },
  { subject: 'Question about seats', body: 'How many seats does our plan include?' },
  { subject: 'Thank you', body: 'The new dashboard looks great.' },
];
const pending = (i: number) => ({ id: `imp-${i + 1}`, input: inputs[i], tags: ['unlabeled'], source: `imported from sqlite sample, record ${i + 1}, on 2026-12-01`, criteria: [] });
/** A line the team labelled by hand, spaced its own way: it must come back byte for byte. */
const teamLine = (expected: Record<string, unknown>) =>
  `{"id": "team-1",  "input": {"subject": "Invoice copy", "body": "Please resend the March invoice."}, "expected": ${JSON.stringify(expected)}, "tags": ["happy"], "source": "written by the team", "criteria": ["an invoice copy"]}`;

function caseFile(expected: Record<string, unknown>): string {
  return `${JSON.stringify(pending(0))}\n${teamLine(expected)}\n${[1, 2, 3].map((i) => JSON.stringify(pending(i))).join('\n')}\n`;
}

const escapeRegex = (text: string) => text.replace(/[?()]/g, '\\$&');

/** Moves the open select prompt (the last one headed `message`) to `value` and confirms it. */
async function choose(term: Terminal, message: string, value: string): Promise<void> {
  const screen = await term.waitFor(new RegExp(`◆  ${escapeRegex(message)}[\\s\\S]*Enter: confirm`));
  const block = screen.slice(screen.lastIndexOf(message));
  const options = [...block.matchAll(/^│\s+([○●])\s+(\S+)/gm)].map((m) => ({ current: m[1] === '●', value: m[2] }));
  const from = options.findIndex((o) => o.current);
  const to = options.findIndex((o) => o.value === value);
  expect(to, `option ${value} in:\n${block}`).toBeGreaterThanOrEqual(0);
  for (let i = from; i !== to; i += to > from ? 1 : -1) await term.press(to > from ? 'Down' : 'Up');
  await term.press('Enter');
}

/** Submits the tags prompt with exactly `tags` ticked (the prompt starts with `happy` ticked). */
async function tag(term: Terminal, tags: string[]): Promise<void> {
  await term.waitFor(/◆ {2}Tags[\s\S]*Space: select/);
  for (const name of ['happy', 'edge', 'adversarial', 'pii', 'regression']) {
    if ((name === 'happy') !== tags.includes(name)) await term.press('Space');
    await term.press('Down');
  }
  await term.press('Enter');
}

async function criterion(term: Terminal, text: string): Promise<void> {
  await term.waitFor(/◆ {2}Why is this the right answer\?/);
  await term.type(text);
  await term.press('Enter');
}

/** The saved line for case i as cases:label writes it (its key order), with the time it recorded. */
function labelled(i: number, expected: Record<string, unknown>, tags: string[], criteria: string[], at: string): string {
  const { id, input, source } = pending(i);
  return JSON.stringify({ id, input, expected, tags, source, criteria, labelled_by: BY, labelled_at: at });
}

/** The labelled_at of each saved line, each checked to fall within this test's run. */
async function savedTimes(file: string, started: number): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  const times = lines.map((l) => (JSON.parse(l) as { labelled_at?: string }).labelled_at).filter((t): t is string => t !== undefined);
  for (const t of times) {
    expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(t)).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(t)).toBeLessThanOrEqual(Date.now());
  }
  return times;
}

/** The labelling process's pid: the node process under the pane running src/kit/label/run.ts. */
async function labellerPid(term: Terminal): Promise<number> {
  const children = async (pid: number): Promise<number[]> => {
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
    const ids = await Promise.all(tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')));
    return ids.join(' ').split(/\s+/).filter(Boolean).map(Number);
  };
  const queue = [await term.panePid()];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (argv[0]?.endsWith('node') && argv.includes('src/kit/label/run.ts')) return pid;
    queue.push(...(await children(pid)));
  }
  throw new Error('no cases:label process found under the pane');
}

describe.each(Object.keys(scripts))('cases:label in the %s pilot', (useCase) => {
  const script = scripts[useCase] as (typeof scripts)[string];
  const command = `npm run cases:label -- --by "${BY}"`;
  const env = () => pilotEnv({ TERM: 'xterm-256color' });

  it('labels two cases (accept, pick), tags one, skips one, quits, and saves exactly that', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script.accepted);
    await writeFile(file, before);
    const started = Date.now();
    const term = await openTerminal(command, dir, env());
    try {
      await term.waitFor(/case 1 of 4 · imp-1/, 60_000);
      const first = await term.waitFor(/◆ {2}This case:[\s\S]*quit/);
      expect(first).toContain('subject: Refund for a double charge');
      expect(first).toMatch(/model: none configured, so only the baseline is shown/);
      await term.press('b');
      await tag(term, ['happy']);
      await criterion(term, 'a refund of a double charge');
      await term.waitFor(/saved imp-1/);

      await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      await term.press('a');
      for (const { question, value } of script.typed) {
        await choose(term, question, value);
        await term.waitFor(new RegExp(`◇  ${escapeRegex(question)}\\n│  ${value}`));
      }
      await tag(term, ['edge', 'pii']);
      await criterion(term, 'an empty report is a fault');
      await term.waitFor(/saved imp-2/);

      await term.waitFor(/case 3 of 4 · imp-3[\s\S]*◆ {2}This case:/);
      await term.press('s');
      await term.waitFor(/case 4 of 4 · imp-4[\s\S]*◆ {2}This case:/);
      await term.press('q');
      const end = await term.waitFor(/EXIT=\d+/);
      expect(end).toContain('EXIT=0');
      expect(end).toContain('labelled 2, skipped 1; 2 still unlabeled');
    } finally {
      await term.kill();
    }
    const [at1, at2] = await savedTimes(file, started);
    const lines = before.split('\n');
    lines[0] = labelled(0, script.accepted, ['happy'], ['a refund of a double charge'], at1 as string);
    lines[2] = labelled(1, typedExpected(script.typed), ['edge', 'pii'], ['an empty report is a fault'], at2 as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));

    // Without a terminal the rest are explained, not asked: the file as saved reads cleanly.
    const rest = await npmRun(dir, 'cases:label');
    expect(rest.exitCode, rest.all).toBe(2);
    expect(rest.all).toContain(`2 unlabeled case(s) in ${FILE}`);
  });

  it('killed halfway (SIGKILL), keeps every case it saved and leaves a file that still reads', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script.accepted);
    await writeFile(file, before);
    const started = Date.now();
    const term = await openTerminal(command, dir, env());
    try {
      await term.waitFor(/case 1 of 4 · imp-1[\s\S]*◆ {2}This case:/, 60_000);
      await term.press('b');
      await tag(term, ['edge']);
      await criterion(term, 'a refund of a double charge');
      await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      await term.press('b');
      await term.waitFor(/◆ {2}Tags/);
      process.kill(await labellerPid(term), 'SIGKILL');
      const end = await term.waitFor(/EXIT=\d+/);
      expect(end).toContain('EXIT=137');
    } finally {
      await term.kill();
    }
    const [at1] = await savedTimes(file, started);
    const lines = before.split('\n');
    lines[0] = labelled(0, script.accepted, ['edge'], ['a refund of a double charge'], at1 as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));
    expect((await readdir(join(dir, 'evals/cases'))).filter((name) => !name.endsWith('.jsonl'))).toEqual([]);
    // Every line still passes the case schema (labelled) or the pending one: the next session starts cleanly.
    const rest = await npmRun(dir, 'cases:label');
    expect(rest.exitCode, rest.all).toBe(2);
    expect(rest.all).toContain(`3 unlabeled case(s) in ${FILE}`);
  });

  it("with a model configured, shows the model's answer beside the baseline's and saves it on m", { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script.accepted);
    await writeFile(file, before);
    const server = await startFakeOpenAI({ answer: () => JSON.stringify(script.model.answer) });
    servers.push(server);
    const modelEnv = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'test-key', PILOT_MODEL: 'fake-model', PILOT_EVAL_CACHE_DIR: join(dir, '.cache/model') };
    const started = Date.now();
    const term = await openTerminal(command, dir, pilotEnv({ TERM: 'xterm-256color', ...modelEnv }));
    try {
      const screen = await term.waitFor(/case 1 of 4 · imp-1[\s\S]*◆ {2}This case:[\s\S]*quit/, 60_000);
      expect(screen).toContain(script.model.shown);
      expect(screen).toContain("m  accept the model's answer");
      await term.press('m');
      await tag(term, ['adversarial']);
      await criterion(term, 'the model got it right');
      await term.waitFor(/saved imp-1/);
      await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      await term.press('q');
      expect(await term.waitFor(/EXIT=\d+/)).toContain('EXIT=0');
    } finally {
      await term.kill();
    }
    expect(server.calls).toBe(2); // one question per case shown
    const [at] = await savedTimes(file, started);
    const { confidence: _c, reason: _r, ...expected } = script.model.answer;
    const lines = before.split('\n');
    lines[0] = labelled(0, expected, ['adversarial'], ['the model got it right'], at as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));
  });
});

const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

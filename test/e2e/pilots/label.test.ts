// `npm run cases:label` in a real terminal (tmux), as the domain expert uses it: label two cases (one
// by accepting the baseline's answer, one by picking the right one), tag one, skip one, quit; then a
// session killed halfway. The file is compared exactly: what was saved, and every other line as it was.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../support/fake-openai.js';
import { npmRun, pilotEnv, scaffoldPilot } from '../../support/pilot.js';
import { choose, criterion, escapeRegex, tag } from '../../support/label-prompts.js';
import { has } from '../../support/system-program.js';
import { type Terminal, openTerminal } from '../../support/tmux.js';

const FILE = 'evals/cases/imported-2026-12-01.jsonl';
const BY = 'Ada Lovelace';

/** One question of "give the right answer": a choice picked, or text typed over the draft shown. */
type Step = { question: string; choose: string } | { question: string; type: string };
/** How one case is labelled: the key pressed, the questions then answered, and the `expected` that must be saved. */
interface Plan {
  key: 'b' | 'm' | 'a';
  steps: Step[];
  expected: Record<string, unknown>;
}
interface Script {
  /** Case 1: the baseline's answer accepted where it is a complete one (classify, triage). */
  first: Plan;
  /** Case 2: typed. */
  second: Plan;
  /** A valid `expected` for the line the team wrote by hand. */
  team: Record<string, unknown>;
  /** What the fake model answers, how the session shows it, and what accepting it saves (null: it cannot be accepted as it is). */
  model: { answer: Record<string, unknown>; shown: string; saved: Record<string, unknown> | null };
}
const scripts: Record<string, Script> = {
  classify: {
    first: { key: 'b', steps: [], expected: { label: 'billing' } },
    second: { key: 'a', steps: [{ question: 'Which label is right?', choose: 'bug' }], expected: { label: 'bug' } },
    team: { label: 'billing' },
    model: { answer: { label: 'account', confidence: 0.9, reason: 'a test double' }, shown: 'model: label: account', saved: { label: 'account' } },
  },
  triage: {
    first: { key: 'b', steps: [], expected: { queue: 'billing', priority: 'normal' } },
    second: {
      key: 'a',
      steps: [
        { question: 'Which queue should it go to?', choose: 'technical' },
        { question: 'Which priority? (urgent is flagged)', choose: 'high' },
      ],
      expected: { queue: 'technical', priority: 'high' },
    },
    team: { queue: 'billing', priority: 'normal' },
    model: { answer: { queue: 'account', priority: 'high' }, shown: 'model: queue: account, priority: high', saved: { queue: 'account', priority: 'high' } },
  },
  // No summary or reply is a complete answer (the facts or rubric are the person's), so both cases are typed.
  summarize: {
    first: {
      key: 'a',
      steps: [
        { question: 'Which facts must the summary state?', type: 'double charge | charged twice; refund' },
        { question: 'Which claims must it not make?', type: 'refund was issued' },
        { question: 'A good summary', type: 'Asks for the second of two charges to be refunded.' },
        { question: 'Yes/no questions for the judge', type: '' },
      ],
      expected: { facts: [['double charge', 'charged twice'], 'refund'], forbidden: ['refund was issued'], reference: 'Asks for the second of two charges to be refunded.' },
    },
    second: {
      key: 'a',
      steps: [
        { question: 'Which facts must the summary state?', type: 'reports page; empty since Monday' },
        { question: 'Which claims must it not make?', type: '' },
        { question: 'A good summary', type: 'The reports page has been empty since Monday.' },
        { question: 'Yes/no questions for the judge', type: 'Does it say since when?' },
      ],
      expected: { facts: ['reports page', 'empty since Monday'], forbidden: [], reference: 'The reports page has been empty since Monday.', checks: ['Does it say since when?'] },
    },
    team: { facts: ['invoice'], forbidden: [], reference: 'Resend the March invoice.' },
    model: { answer: { summary: 'The customer wants a double charge refunded.' }, shown: 'model: reference: The customer wants a double charge refunded.', saved: null },
  },
  draft: {
    first: {
      key: 'a',
      steps: [
        { question: 'What must the reply say?', type: 'billing team | our billing team; business days' },
        { question: 'What must it never say?', type: 'refund has been issued' },
        { question: 'A good reply', type: 'Our billing team will check both charges within 2 business days.' },
        { question: 'Yes/no questions for the judge', type: '' },
      ],
      expected: {
        must_include: [['billing team', 'our billing team'], 'business days'],
        must_not_include: ['refund has been issued'],
        reference: 'Our billing team will check both charges within 2 business days.',
      },
    },
    second: {
      key: 'a',
      steps: [
        { question: 'What must the reply say?', type: 'sorry' },
        { question: 'What must it never say?', type: '' },
        { question: 'A good reply', type: 'Sorry, we are looking into the empty reports page.' },
        { question: 'Yes/no questions for the judge', type: '' },
      ],
      expected: { must_include: ['sorry'], must_not_include: [], reference: 'Sorry, we are looking into the empty reports page.' },
    },
    team: { must_include: ['invoice'], must_not_include: [], reference: 'Here is the March invoice.' },
    model: { answer: { reply: 'Sorry about the double charge.' }, shown: 'model: reference: Sorry about the double charge.', saved: null },
  },
  // The regex baseline finds no field in a refund request: all null, a complete record to accept.
  extract: {
    first: { key: 'b', steps: [], expected: { invoice_number: null, vendor: null, total: null, currency: null, due_date: null } },
    second: {
      key: 'a',
      steps: [
        { question: 'invoice_number?', type: 'INV-7' },
        { question: 'vendor?', type: 'Acme' },
        { question: 'total?', type: '1,250.50' },
        { question: 'currency?', type: 'USD' },
        { question: 'due_date?', type: '' },
      ],
      expected: { invoice_number: 'INV-7', vendor: 'Acme', total: 1250.5, currency: 'USD', due_date: null },
    },
    team: { invoice_number: null, vendor: null, total: null, currency: null, due_date: null },
    model: {
      answer: { invoice_number: 'INV-9', vendor: null, total: 49, currency: 'USD', due_date: null, note: 'a test double' },
      shown: 'model: invoice_number: INV-9, vendor: —, total: 49, currency: USD, due_date: —',
      saved: { invoice_number: 'INV-9', vendor: null, total: 49, currency: 'USD', due_date: null },
    },
  },
};

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

function caseFile(script: Script): string {
  return `${JSON.stringify(pending(0))}\n${teamLine(script.team)}\n${[1, 2, 3].map((i) => JSON.stringify(pending(i))).join('\n')}\n`;
}

/** Labels the case on screen by `plan`: its key, then each question answered (text replaces the draft shown). */
async function answer(term: Terminal, plan: Plan): Promise<void> {
  await term.press(plan.key);
  for (const step of plan.steps) {
    if ('choose' in step) await choose(term, step.question, step.choose);
    else {
      await term.waitFor(new RegExp(`◆  ${escapeRegex(step.question)}`));
      await term.press('C-u');
      await term.type(step.type);
      await term.press('Enter');
    }
    await term.waitFor(new RegExp(`◇  ${escapeRegex(step.question)}`));
  }
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

(has('tmux', 'cases:label typed into a real terminal') ? describe : describe.skip).each(Object.keys(scripts))('cases:label in the %s pilot', (useCase) => {
  const script = scripts[useCase] as (typeof scripts)[string];
  const command = `npm run cases:label -- --by "${BY}"`;
  const env = () => pilotEnv({ TERM: 'xterm-256color' });

  it('labels two cases (accept, pick), tags one, skips one, quits, and saves exactly that', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script);
    await writeFile(file, before);
    const started = Date.now();
    const term = await openTerminal(command, dir, env());
    try {
      await term.waitFor(/case 1 of 4 · imp-1/, 60_000);
      const first = await term.waitFor(/◆ {2}This case:[\s\S]*quit/);
      expect(first).toContain('subject: Refund for a double charge');
      expect(first).toMatch(/model: none configured, so only the baseline is shown/);
      await answer(term, script.first);
      // An imported case has no tags of its own: none is ticked for the person (no guessed happy).
      expect(await tag(term, ['happy'])).toEqual([]);
      await criterion(term, 'a refund of a double charge');
      await term.waitFor(/saved imp-1/);

      await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      await answer(term, script.second);
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
    lines[0] = labelled(0, script.first.expected, ['happy'], ['a refund of a double charge'], at1 as string);
    lines[2] = labelled(1, script.second.expected, ['edge', 'pii'], ['an empty report is a fault'], at2 as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));

    // Without a terminal the rest are explained, not asked: the file as saved reads cleanly.
    const rest = await npmRun(dir, 'cases:label');
    expect(rest.exitCode, rest.all).toBe(2);
    expect(rest.all).toContain(`2 unlabeled case(s) in ${FILE}`);
  });

  it('killed halfway (SIGKILL), keeps every case it saved and leaves a file that still reads', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script);
    await writeFile(file, before);
    const started = Date.now();
    const term = await openTerminal(command, dir, env());
    try {
      await term.waitFor(/case 1 of 4 · imp-1[\s\S]*◆ {2}This case:/, 60_000);
      await answer(term, script.first);
      await tag(term, ['edge']);
      await criterion(term, 'a refund of a double charge');
      await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      await answer(term, script.second);
      await term.waitFor(/◆ {2}Tags/);
      process.kill(await labellerPid(term), 'SIGKILL');
      const end = await term.waitFor(/EXIT=\d+/);
      expect(end).toContain('EXIT=137');
    } finally {
      await term.kill();
    }
    const [at1] = await savedTimes(file, started);
    const lines = before.split('\n');
    lines[0] = labelled(0, script.first.expected, ['edge'], ['a refund of a double charge'], at1 as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));
    expect((await readdir(join(dir, 'evals/cases'))).filter((name) => !name.endsWith('.jsonl'))).toEqual([]);
    // Every line still passes the case schema (labelled) or the pending one: the next session starts cleanly.
    const rest = await npmRun(dir, 'cases:label');
    expect(rest.exitCode, rest.all).toBe(2);
    expect(rest.all).toContain(`3 unlabeled case(s) in ${FILE}`);
  });

  it("with a model configured, shows the model's answer beside the baseline's and saves it on m where it is a complete one", { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot({ useCase });
    const file = join(dir, FILE);
    const before = caseFile(script);
    await writeFile(file, before);
    const server = await startFakeOpenAI({ answer: () => JSON.stringify(script.model.answer) });
    servers.push(server);
    const modelEnv = { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'test-key', PILOT_MODEL: 'fake-model', PILOT_EVAL_CACHE_DIR: join(dir, '.cache/model') };
    const started = Date.now();
    const term = await openTerminal(command, dir, pilotEnv({ TERM: 'xterm-256color', ...modelEnv }));
    try {
      const screen = await term.waitFor(/case 1 of 4 · imp-1[\s\S]*◆ {2}This case:[\s\S]*quit/, 60_000);
      expect(screen).toContain(script.model.shown);
      if (script.model.saved === null) {
        expect(screen).not.toContain("accept the model's answer");
      } else {
        expect(screen).toContain("m  accept the model's answer");
        await term.press('m');
        await tag(term, ['adversarial']);
        await criterion(term, 'the model got it right');
        await term.waitFor(/saved imp-1/);
        await term.waitFor(/case 2 of 4 · imp-2[\s\S]*◆ {2}This case:/);
      }
      await term.press('q');
      expect(await term.waitFor(/EXIT=\d+/)).toContain('EXIT=0');
    } finally {
      await term.kill();
    }
    expect(server.calls).toBe(script.model.saved === null ? 1 : 2); // one question per case shown
    const [at] = await savedTimes(file, started);
    const lines = before.split('\n');
    if (script.model.saved !== null) lines[0] = labelled(0, script.model.saved, ['adversarial'], ['the model got it right'], at as string);
    expect(await readFile(file, 'utf8')).toBe(lines.join('\n'));
  });
});

const servers: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

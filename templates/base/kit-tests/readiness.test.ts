/**
 * `npm run readiness` and `npm run graduation` as a team meets them: a fresh copy of this pilot is
 * walked to ready one dimension at a time (import and label real cases, retire the shipped
 * examples, configure auth, name on-call, lock, a passing run against the loopback model), each
 * step flipping exactly its own row, and `--strict` exits 0 only at the end. Then the bad inputs:
 * exit 3 with the file and the reason. Labelling is done by file here, writing what `cases:label`
 * writes (expected, tags, labelled_by, labelled_at); the interactive session itself is driven in a real
 * terminal by the generator's e2e tests: test/e2e/pilots/readiness-label.test.ts labels imported
 * records through it in tmux and checks that the data row, and only it, flips to ready.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connector, Row } from '../../src/kit/connectors/connector.js';
import { parseCases } from '../../src/kit/evals/cases.js';
import { importCases } from '../../src/kit/import-cases.js';
import type { ChatMessage } from '../../src/kit/model/provider.js';
import { runBaseline } from '../../src/baseline/index.js';
import type { JudgePlan } from '../../src/kit/contract.js';
import { JUDGE_SYSTEM_PROMPTS } from '../../src/kit/evals/judge.js';
import { parseAnswer } from '../../src/pipeline.js';
import * as score from '../../src/score.js';
import { answerFor } from '../fixtures/use-case.js';
import { model, promptSent, runEval, timeoutFor } from './helpers/eval-workspace.js';
import { npmScript } from './helpers/npm-script.js';
import { tempDir } from './helpers/temp-dir.js';

const root = process.cwd();
type Rows = Record<string, { status: string; evidence: string; next: string | null }>;

/** A scratch copy of the whole pilot (readiness reads CODEOWNERS, the RUNBOOK, workflows, src/kit), node_modules linked. */
function pilotCopy(): string {
  const dir = tempDir('pilot-ready');
  for (const name of readdirSync(root)) {
    if (['node_modules', '.env', 'dist', 'coverage'].includes(name)) continue;
    cpSync(join(root, name), join(dir, name), { recursive: true });
  }
  rmSync(join(dir, 'evals/reports'), { recursive: true, force: true });
  for (const file of readdirSync(join(dir, 'evals/cases')).filter((f) => f.startsWith('imported-'))) rmSync(join(dir, 'evals/cases', file));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction');
  return dir;
}

async function readiness(dir: string): Promise<Rows> {
  const run = await npmScript(dir, 'readiness', ['--json']);
  if (run.code !== 0) throw new Error(`readiness --json exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Rows;
}

const readyOnes = (rows: Rows) =>
  Object.entries(rows)
    .filter(([, r]) => r.status === 'ready')
    .map(([k]) => k)
    .sort();

function appendEnv(dir: string, lines: string[]): void {
  const file = join(dir, '.env');
  writeFileSync(file, `${existsSync(file) ? readFileSync(file, 'utf8') : ''}${lines.join('\n')}\n`);
}

/** Settings that configure whichever auth layer this pilot has, with values it accepts. */
function authSettings(kind: string): string[] {
  if (kind === 'api-key') return [`PILOT_API_KEYS=${'ab'.repeat(32)}`];
  if (kind === 'gateway') return ['PILOT_TRUSTED_PROXIES=127.0.0.1'];
  if (kind === 'oidc') return ['OIDC_ISSUER=https://login.example.com/', 'OIDC_AUDIENCE=pilot', 'OIDC_JWKS_URL=https://login.example.com/.well-known/jwks.json'];
  throw new Error(`no test settings for the ${kind} auth layer: add them here`);
}

function shippedCases(dir: string) {
  const file = readdirSync(join(dir, 'evals/cases')).find((f) => f.endsWith('.jsonl') && !f.startsWith('imported-')) ?? '';
  return { file, cases: parseCases(file, readFileSync(join(dir, 'evals/cases', file), 'utf8')).cases };
}

/** Records of "the team's source": the shipped inputs reworded, so they are new cases of the right shape for any use case. */
function sourceOver(inputs: unknown[]): Connector {
  const rows: Row[] = inputs.map((input, i) => ({
    id: `rec-${i + 1}`,
    ...Object.fromEntries(Object.entries(input as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? `${v} (ticket ${1000 + i})` : v])),
  }));
  return { describe: () => ({ kind: 'inbox', source: 'the support inbox export', isSample: false }), read: async () => rows, sample: async (n) => rows.slice(0, n), close: async () => undefined };
}

/**
 * What a labeller writes: an `expected` from the use case's own shapes (the shipped ones), chosen
 * so the current process gets it wrong (the pilot must beat it), hard cases tagged, who and when.
 */
function labelFile(file: string, expectations: unknown[]): void {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const hard = ['edge', 'adversarial', 'pii'];
  const out = lines.map((line, i) => {
    const c = JSON.parse(line) as { input: never; tags: string[] };
    const baseline = runBaseline(c.input);
    const wrong = expectations.filter((e) => !score.scoreCase(e as never, baseline as never).pass);
    const expected = wrong[i % wrong.length] ?? expectations[0];
    const tags = [...c.tags.filter((t) => t !== 'unlabeled'), i < hard.length ? (hard[i] as string) : 'happy'];
    return JSON.stringify({ ...c, expected, tags, criteria: ['labelled by the owners'], labelled_by: 'Ada Lovelace', labelled_at: '2026-12-01T10:00:00Z' });
  });
  writeFileSync(file, `${out.join('\n')}\n`);
}

/** A loopback model that answers each of these cases right, keyed by the prompt the pipeline sends. */
async function rightModelFor(cases: Array<{ input: unknown; expected: unknown }>) {
  const index = new Map<string, string>();
  for (const c of cases) index.set(await promptSent(c.input), answerFor(c.expected as never));
  // Use cases judged by a model (summarize, draft): the judge approves every check and prefers the pipeline's answer.
  const judgePlan = (score as { judgePlan?: (input: unknown, expected: unknown, output: unknown, baseline: unknown) => JudgePlan | null }).judgePlan;
  const pipelineTexts = new Set(
    cases.flatMap((c) => {
      const parsed = parseAnswer(answerFor(c.expected as never));
      const plan = parsed.ok && judgePlan ? judgePlan(c.input, c.expected, parsed.output, runBaseline(c.input as never)) : null;
      return plan ? [plan.answer] : [];
    }),
  );
  const judge = (messages: ChatMessage[]): string | null => {
    if (messages[0]?.content === JUDGE_SYSTEM_PROMPTS.check) return JSON.stringify({ answer: 'yes', reason: 'test' });
    if (messages[0]?.content !== JUDGE_SYSTEM_PROMPTS.pair) return null;
    const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(messages[1]?.content ?? '')?.[1] ?? '';
    return JSON.stringify({ better: pipelineTexts.has(a) ? 'A' : 'B', reason: 'test' });
  };
  return model({ answer: (messages) => judge(messages) ?? index.get(JSON.stringify(messages)) ?? '{"error":"unknown prompt"}' });
}

describe('npm run readiness, walked to ready', () => {
  it('flips one row per step, and --strict exits 0 only at the end', { timeout: timeoutFor(16) }, async () => {
    const dir = pilotCopy();
    const fresh = await readiness(dir);
    expect(Object.keys(fresh)).toEqual(['data', 'evals', 'integration', 'ownership', 'success_criteria', 'framing']);
    expect(readyOnes(fresh)).toEqual([]);
    expect(fresh.evals?.evidence).toMatch(/\d+ case\(s\) still the shipped examples/);
    expect((await npmScript(dir, 'readiness', ['--strict'])).code).toBe(1);

    // Import: the records are in, but nobody labelled them yet.
    const shipped = shippedCases(dir);
    appendEnv(dir, ['PILOT_SOURCE=support inbox export, November']);
    const imported = await importCases({ connector: sourceOver(shipped.cases.map((c) => c.input)), limit: shipped.cases.length, casesDir: join(dir, 'evals/cases') });
    expect(imported.written).toBe(shipped.cases.length);
    const afterImport = await readiness(dir);
    expect(readyOnes(afterImport)).toEqual([]);
    expect(afterImport.data?.evidence).toMatch(new RegExp(`${shipped.cases.length} waiting for a label`));

    // Label them (by file): data is ready, nothing else.
    labelFile(
      imported.file ?? '',
      shipped.cases.map((c) => c.expected),
    );
    expect(readyOnes(await readiness(dir))).toEqual(['data']);

    // Retire the shipped examples: evals.
    rmSync(join(dir, 'evals/cases', shipped.file));
    expect(readyOnes(await readiness(dir))).toEqual(['data', 'evals']);

    // Real auth settings: integration.
    const kind = (await readiness(dir)).integration?.evidence.split(' ')[0] ?? '';
    appendEnv(dir, authSettings(kind));
    expect(readyOnes(await readiness(dir))).toEqual(['data', 'evals', 'integration']);

    // On-call names a rota: ownership.
    const runbook = join(dir, 'RUNBOOK.md');
    writeFileSync(runbook, readFileSync(runbook, 'utf8').replace(/^- \*\*On-call:\*\*.*$/m, '- **On-call:** support-ai-oncall rota (PagerDuty)'));
    expect(readyOnes(await readiness(dir))).toEqual(['data', 'evals', 'integration', 'ownership']);

    // The owners lock the cases and the bar: success criteria.
    expect((await runEval(dir, ['--lock'])).code).toBe(0);
    expect(readyOnes(await readiness(dir))).toEqual(['data', 'evals', 'integration', 'ownership', 'success_criteria']);
    expect((await npmScript(dir, 'readiness', ['--strict'])).code).toBe(1);

    // A passing run with a model on the locked cases: framing, and every dimension is ready.
    const labelled = parseCases('x', readFileSync(imported.file ?? '', 'utf8')).cases;
    const { env } = await rightModelFor(labelled);
    const run = await runEval(dir, [], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const done = await readiness(dir);
    expect(readyOnes(done)).toEqual(['data', 'evals', 'framing', 'integration', 'ownership', 'success_criteria']);
    expect(done.framing?.evidence).toMatch(/CLEARED with loopback-model, on the locked cases/);
    const strict = await npmScript(dir, 'readiness', ['--strict']);
    expect(strict.code, strict.stdout).toBe(0);
    expect(strict.stdout).toMatch(/^readiness: READY, every dimension$/m);

    // The decision meeting's page, drawn from that run.
    const page = await npmScript(dir, 'graduation');
    expect(page.code, page.stderr).toBe(0);
    const md = readFileSync(join(dir, 'evals/reports/graduation.md'), 'utf8');
    expect(md).toContain(run.report?.dataset.sha256 ?? 'no report');
    expect(md).toContain('**Last eval run: CLEARED**');
    expect(md).toMatch(/^- On-call: support-ai-oncall rota \(PagerDuty\)$/m);
    expect(readFileSync(join(dir, 'evals/reports/graduation.html'), 'utf8')).toMatch(/<tr data-dimension="framing">.*?<td class="status ready">ready<\/td>/);

    // Cases edited after that run: graduation refuses to draw from it, naming the report and why.
    writeFileSync(imported.file ?? '', `${readFileSync(imported.file ?? '', 'utf8').trimEnd()}\n`.replace('labelled by the owners', 'labelled by the owners, reviewed'));
    const stale = await npmScript(dir, 'graduation');
    expect(stale.code).toBe(3);
    expect(stale.stderr).toMatch(/^evals\/reports\/[^/]+\/report\.json: made on other cases \(dataset sha256 [0-9a-f]{12}, the cases now hash to [0-9a-f]{12}\)/m);
  });
});

describe.concurrent('readiness and graduation refuse bad inputs with exit 3, the file and the reason', () => {
  it('a malformed CODEOWNERS', { timeout: timeoutFor(1) }, async () => {
    const dir = pilotCopy();
    writeFileSync(join(dir, '.github/CODEOWNERS'), '* @acme/support-ai\n/evals/ support team\n');
    const run = await npmScript(dir, 'readiness');
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe('.github/CODEOWNERS:2: "support" is not an owner GitHub understands; use @user, @org/team or an email');
  });

  it('a missing criteria file', { timeout: timeoutFor(1) }, async () => {
    const dir = pilotCopy();
    rmSync(join(dir, 'success-criteria.yaml'));
    const run = await npmScript(dir, 'readiness', ['--json']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('success-criteria.yaml: missing; it is the written bar this pilot is judged on');
  });

  it('a volume_per_month that is not a count', { timeout: timeoutFor(1) }, async () => {
    const dir = pilotCopy();
    writeFileSync(join(dir, 'success-criteria.yaml'), `${readFileSync(join(dir, 'success-criteria.yaml'), 'utf8')}volume_per_month: 12.5\n`);
    const run = await npmScript(dir, 'readiness');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^success-criteria\.yaml: volume_per_month: volume_per_month must be a whole number of cases per month/m);
  });

  it('a corrupt last report, and graduation on a run without a model', { timeout: timeoutFor(3) }, async () => {
    const dir = pilotCopy();
    const noModel = await runEval(dir);
    expect(noModel.code).toBe(2);
    const graduation = await npmScript(dir, 'graduation');
    expect(graduation.code).toBe(3);
    expect(graduation.stderr).toMatch(/report\.json: made without a configured model \(only the baseline was scored\)/);
    expect(existsSync(join(dir, 'evals/reports/graduation.html'))).toBe(false);
    mkdirSync(join(dir, 'evals/reports/9999-01-01T00-00-00Z'));
    writeFileSync(join(dir, 'evals/reports/9999-01-01T00-00-00Z/report.json'), '{"schema": 2, "verdict": "cleared"');
    const run = await npmScript(dir, 'readiness');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^evals\/reports\/9999-01-01T00-00-00Z\/report\.json: eval report is not valid JSON/m);
  });

  it('flags: unknown ones exit 3 naming them, --help exits 0 with the usage', { timeout: timeoutFor(3) }, async () => {
    const dir = pilotCopy();
    const bogus = await npmScript(dir, 'readiness', ['--bogus']);
    expect(bogus.code).toBe(3);
    expect(bogus.stderr).toMatch(/^readiness: unknown option --bogus$/m);
    const help = await npmScript(dir, 'readiness', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run readiness/);
    const grad = await npmScript(dir, 'graduation', ['--bogus']);
    expect(grad.code).toBe(3);
    expect(grad.stderr).toMatch(/^graduation: unknown option --bogus$/m);
  });
});

describe('readiness with no case file at all', () => {
  it('scores evals as missing rather than refusing the pilot', { timeout: timeoutFor(1) }, async () => {
    const dir = pilotCopy();
    for (const file of readdirSync(join(dir, 'evals/cases'))) rmSync(join(dir, 'evals/cases', file));
    const rows = await readiness(dir);
    expect(rows.evals).toMatchObject({ status: 'missing', evidence: expect.stringMatching(/^0 labelled case\(s\) of your own/) });
  });
});

/**
 * `npm run eval` end to end, as CI runs it: a real process, the real provider over HTTP against a
 * loopback OpenAI-compatible server, and the shipped criteria and cases. Each test works in a
 * scratch copy of the pilot (criteria, cases, package.json; src and node_modules linked) so its
 * reports, cache and lock never touch this repository's own.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/kit/evals/cases.js';
import { readCriteria } from '../../src/kit/evals/criteria.js';
import type { JudgePlan } from '../../src/kit/contract.js';
import { JUDGE_SYSTEM_PROMPTS, NO_JUDGE_NOTE } from '../../src/kit/evals/judge.js';
import type { Report } from '../../src/kit/evals/report.js';
import type { ChatMessage, ChatModel } from '../../src/kit/model/provider.js';
import { runBaseline } from '../../src/baseline/index.js';
import { parseAnswer, runPipeline } from '../../src/pipeline.js';
import * as score from '../../src/score.js';
import { answerFor, wrongAnswerFor } from '../fixtures/use-case.js';
import { type Loopback, type LoopbackOptions, startLoopbackOpenAI } from './helpers/loopback-openai.js';
import { tempDir } from './helpers/temp-dir.js';

const root = process.cwd();
const criteriaRead = readCriteria();
if ('errors' in criteriaRead) throw new Error(criteriaRead.errors.join('\n'));
const datasetPath = criteriaRead.criteria.dataset.path;
const { dataset } = loadDataset(datasetPath);
const TIMEOUT = 120_000;
/** A pilot generated with its own labels ships its examples unlabeled: nothing for a model to be right or wrong on yet. */
const unlabeledCount = dataset.unlabeled.reduce((n, f) => n + f.lines.length, 0);
const labelled = dataset.cases.length > 0;

/** The prompt the pipeline sends for each case, mapped to the case: how the loopback model "knows" the answer. */
async function promptIndex(): Promise<Map<string, (typeof dataset.cases)[number]>> {
  const index = new Map<string, (typeof dataset.cases)[number]>();
  for (const c of dataset.cases) {
    let seen: ChatMessage[] = [];
    const recorder: ChatModel = {
      name: 'recorder',
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 },
      async complete({ messages }) {
        seen = messages;
        return { text: '{}', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, model: 'recorder', latencyMs: 0 };
      },
    };
    await runPipeline(c.input, recorder);
    index.set(JSON.stringify(seen), c);
  }
  return index;
}
const prompts = await promptIndex();

/**
 * The judge's view of the right answers: what it is asked per run (checks, and both orders of a
 * pairwise comparison), and the pipeline's answer texts, so a test judge can tell A from B.
 */
const judgePlan = (score as { judgePlan?: (input: unknown, expected: unknown, output: unknown, baseline: unknown) => JudgePlan | null }).judgePlan;
const plans = dataset.cases.flatMap((c) => {
  const parsed = parseAnswer(answerFor(c.expected));
  const plan = parsed.ok && judgePlan ? judgePlan(c.input, c.expected, parsed.output, runBaseline(c.input)) : null;
  return plan ? [plan] : [];
});
const judged = plans.length > 0;
const judgeCalls = plans.reduce((n, p) => n + p.checks.length + (p.pairwise ? 2 : 0), 0);
const pipelineAnswers = new Set(plans.map((p) => p.answer));
const JUDGE_ENV: Record<string, string> = judged ? { PILOT_JUDGE_MODEL: 'loopback-judge' } : {};

/** A test judge: `yes` approves every check and prefers the pipeline's answer in either position; `no` the opposite. */
function judgeAnswer(messages: ChatMessage[], verdict: 'yes' | 'no'): string | null {
  const system = messages[0]?.content;
  if (system === JUDGE_SYSTEM_PROMPTS.check) return JSON.stringify({ answer: verdict, reason: 'test' });
  if (system !== JUDGE_SYSTEM_PROMPTS.pair) return null;
  const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(messages[1]?.content ?? '')?.[1] ?? '';
  const pipelineIsA = pipelineAnswers.has(a);
  return JSON.stringify({ better: pipelineIsA === (verdict === 'yes') ? 'A' : 'B', reason: 'test' });
}

/** Answers every case right, or wrong for all but the first `rightFirst` cases; a judge call as `judge` says. */
function oracle(mode: 'right' | 'wrong', rightFirst = 0, judge: 'yes' | 'no' = 'yes'): LoopbackOptions['answer'] {
  return (messages) => {
    const judgement = judgeAnswer(messages, judge);
    if (judgement) return judgement;
    const c = prompts.get(JSON.stringify(messages));
    if (!c) return '{"error":"unknown prompt"}';
    const right = mode === 'right' || dataset.cases.indexOf(c) < rightFirst;
    return right ? answerFor(c.expected) : wrongAnswerFor(c.expected);
  };
}

function workspace(): string {
  const dir = tempDir('pilot-eval');
  for (const file of ['package.json', 'tsconfig.json', 'success-criteria.yaml']) cpSync(join(root, file), join(dir, file));
  cpSync(join(root, datasetPath), join(dir, datasetPath), { recursive: true });
  symlinkSync(join(root, 'src'), join(dir, 'src'), 'junction');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction');
  return dir;
}

interface EvalRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string | null;
  report: Report | null;
}

/** `npm run eval -- <args>` with only the given model settings (a developer's real key never leaks in). */
function runEval(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<EvalRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|PILOT_)/.test(k)));
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', 'eval', '--', ...args], {
      cwd,
      env: { ...clean, PILOT_EVAL_CACHE_DIR: join(cwd, '.cache/model'), ...env },
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      const dir = /^report: (\S+)\/$/m.exec(stdout)?.[1] ?? null;
      const reportDir = dir ? resolve(cwd, dir) : null;
      const file = reportDir ? join(reportDir, 'report.json') : null;
      const report = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : null;
      done({ code, stdout, stderr, reportDir, report });
    });
  });
}

const servers: Loopback[] = [];
async function model(options: LoopbackOptions, extra: Record<string, string> = {}) {
  const server = await startLoopbackOpenAI(options);
  servers.push(server);
  return { server, env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'sk-loopback', PILOT_MODEL: 'loopback-model', ...JUDGE_ENV, ...extra } };
}

// Not afterEach: the tests run concurrently, and one finishing must not close another's server.
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe.concurrent('npm run eval', () => {
  it('exits 2 with no model configured, names the variables, and still scores the baseline', { timeout: TIMEOUT }, async () => {
    const run = await runEval(workspace());
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/PILOT_MODEL/);
    expect(run.stdout).toMatch(/OPENAI_BASE_URL/);
    expect(run.report?.pipeline).toBeNull();
    expect(run.report?.baseline.summary.n).toBe(dataset.cases.length);
    for (const file of ['report.json', 'report.md', 'report.html', 'junit.xml']) expect(existsSync(join(run.reportDir ?? '', file))).toBe(true);
  });

  it.runIf(unlabeledCount > 0)('exits 2 while cases wait for labels, naming the count, even with a model that answers', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: () => '{}' });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toContain(`inconclusive: ${unlabeledCount} unlabeled case(s) need labelling`);
    expect(run.report?.blockers.join('\n')).toMatch(new RegExp(`${unlabeledCount} unlabeled case`));
  });

  it.runIf(labelled)('exits 0 when every answer is right, with the concurrency cap held; a second run is served from the cache', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const { server, env } = await model({ answer: oracle('right'), delayMs: 20 }, { PILOT_EVAL_CONCURRENCY: '2' });
    const first = await runEval(dir, [], env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^verdict: CLEARED \(exit 0\)$/m);
    expect(server.stats.answered).toBe(dataset.cases.length + judgeCalls);
    expect(server.stats.maxInFlight).toBe(2);
    expect(first.report?.gates.every((g) => g.status === 'PASS')).toBe(true);
    expect(readFileSync(join(first.reportDir ?? '', 'report.html'), 'utf8')).toMatch(/<svg class="metric-chart"/);

    const second = await runEval(dir, [], env);
    expect(second.code).toBe(0);
    // The judge's answers are cached like the pipeline's: the rerun asks nothing.
    expect(server.stats.requests).toBe(dataset.cases.length + judgeCalls);
    expect(second.report?.model?.cache.hits).toBe(dataset.cases.length);
    expect(second.reportDir).not.toBe(first.reportDir);

    // Then most answers go wrong: exit 1, and the cases that flipped since the cleared run are listed.
    const worse = await model({ answer: oracle('wrong', 3) });
    const third = await runEval(dir, ['--no-cache'], worse.env);
    expect(third.code, third.stdout).toBe(1);
    expect(third.stdout).toMatch(/^verdict: NOT CLEARED \(exit 1\)$/m);
    expect(third.report?.flips.length).toBe(dataset.cases.length - 3);
    expect(third.report?.comparedTo?.generatedAt).toBe(second.report?.generatedAt);
    expect(readFileSync(join(third.reportDir ?? '', 'report.md'), 'utf8')).toMatch(/^# Eval report.*\n\n\*\*Verdict: NOT CLEARED\*\*/);
  });

  it.runIf(labelled)('retries 429s and still answers every case', { timeout: TIMEOUT }, async () => {
    const { server, env } = await model({ answer: oracle('right'), rateLimitFirst: 3 });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(0);
    expect(server.stats.rateLimited).toBe(3);
    expect(server.stats.answered).toBe(dataset.cases.length + judgeCalls);
  });

  it.runIf(labelled)('exits 2 when the model fails every call', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: oracle('right'), failWith: 500 }, { PILOT_MODEL_MAX_RETRIES: '1', PILOT_MODEL_RETRY_BASE_MS: '1' });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/cases got no answer from the model/);
    expect(run.report?.pipeline?.errors).toBe(dataset.cases.length);
  });

  it.runIf(judged)('the judge path: a judge that says yes clears (0), no does not (1), none is inconclusive (2)', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const yes = await model({ answer: oracle('right', 0, 'yes') });
    const cleared = await runEval(dir, [], yes.env);
    expect(cleared.code, cleared.stdout).toBe(0);
    // Each case keeps the judge's questions, prompts and answers.
    const records = (cleared.report?.cases[0]?.pipeline as { judge?: Array<{ question: string; verdict: string; calls: unknown[] }> } | null)?.judge ?? [];
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.calls.length > 0 && (r.verdict === 'yes' || r.verdict === 'pipeline'))).toBe(true);

    const no = await model({ answer: oracle('right', 0, 'no') });
    const failed = await runEval(dir, ['--no-cache'], no.env);
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.report?.gates.find((g) => g.key === 'judge_pass_rate')?.status).toBe('FAIL');

    const none = await model({ answer: oracle('right') }, { PILOT_JUDGE_MODEL: '' });
    const undecided = await runEval(dir, [], none.env);
    expect(undecided.code, undecided.stdout).toBe(2);
    const judgeGates = undecided.report?.gates.filter((g) => ['judge_pass_rate', 'win_rate'].includes(g.key)) ?? [];
    expect(judgeGates.length).toBeGreaterThan(0);
    for (const gate of judgeGates) expect(gate).toMatchObject({ status: 'INCONCLUSIVE', note: NO_JUDGE_NOTE });
  });

  it('exits 3 on a corrupt case line, naming the file and line', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const file = dataset.files[0] ?? '';
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines.splice(2, 0, '{"id": "broken",');
    writeFileSync(join(dir, file), lines.join('\n'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${file}:3: not valid JSON`);
    expect(run.reportDir).toBeNull();
  });

  it('--lock records the hash; an edited case afterwards exits 3', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const lock = await runEval(dir, ['--lock']);
    expect(lock.code, lock.stderr).toBe(0);
    expect(readFileSync(join(dir, 'success-criteria.yaml'), 'utf8')).toMatch(/sha256: [0-9a-f]{64}/);
    const file = join(dir, dataset.files[0] ?? '');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"happy"', '"happy", "regression"'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/changed since they were locked/);
    expect(run.stderr).toMatch(/npm run eval -- --lock/);
  });

  it('exits 3 on invalid criteria and on an unknown flag, with one line saying what is wrong', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const flag = await runEval(dir, ['--lokc']);
    expect(flag.code).toBe(3);
    expect(flag.stderr).toMatch(/unknown option --lokc/);
    const criteria = join(dir, 'success-criteria.yaml');
    writeFileSync(criteria, readFileSync(criteria, 'utf8').replace(/min_cases: \d+/, 'min_cases: lots'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^success-criteria\.yaml: dataset\.min_cases: /m);
  });
});

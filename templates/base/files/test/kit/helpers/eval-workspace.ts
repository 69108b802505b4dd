/**
 * What the eval CLI tests share: a scratch workspace to run `npm run eval` in, built from the shipped
 * examples and criteria (./shipped.ts), never from the team's own cases, criteria or reports (src
 * and node_modules linked); the run itself as CI runs it, the prompt each case sends (so a loopback
 * model can answer per case), and loopback servers closed when the test file ends.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import type { JudgePlan } from '../../../src/kit/contract.js';
import { JUDGE_SYSTEM_PROMPTS } from '../../../src/kit/evals/judge.js';
import type { Report } from '../../../src/kit/evals/report.js';
import type { ChatMessage, ChatModel } from '../../../src/kit/model/provider.js';
import { runBaseline } from '../../../src/baseline/index.js';
import { parseAnswer, runPipeline } from '../../../src/pipeline.js';
import * as score from '../../../src/score.js';
import { answerFor, wrongAnswerFor } from '../../fixtures/use-case.js';
import { type Loopback, type LoopbackOptions, startLoopbackOpenAI } from './loopback-openai.js';
import { type ScriptRun, npmScript } from './npm-script.js';
import { SHIPPED_DIR, shippedCriteria, shippedDataset } from './shipped.js';
import { tempDir } from './temp-dir.js';

export const root = process.cwd();
export const criteria = shippedCriteria();
export const datasetPath = criteria.dataset.path;
export const dataset = shippedDataset();
export type Case = (typeof dataset.cases)[number];
export const TIMEOUT = 120_000;
/**
 * For a test that runs `npm run eval` several times in a row: each run gets its own minute on top,
 * because on a busy CI machine (the e2e matrix runs many pilots at once) one run can take 30 s.
 */
export const timeoutFor = (runs: number): number => TIMEOUT + runs * 60_000;

/** The messages the pipeline sends the model for `input`, as JSON: what a loopback model keys its answers by. */
export async function promptSent(input: unknown): Promise<string> {
  let seen: ChatMessage[] = [];
  const recorder: ChatModel = {
    name: 'recorder',
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 },
    async complete({ messages }) {
      seen = messages;
      return { text: '{}', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, model: 'recorder', latencyMs: 0 };
    },
  };
  await runPipeline(input as never, recorder);
  return JSON.stringify(seen);
}

/** The prompt the pipeline sends for each case, mapped to the case: how the loopback model "knows" the answer. */
async function promptIndex(): Promise<Map<string, Case>> {
  const index = new Map<string, Case>();
  for (const c of dataset.cases) index.set(await promptSent(c.input), c);
  return index;
}
const prompts = await promptIndex();

/** The case a request is about (undefined for a prompt no case sends). */
export const caseOf = (messages: ChatMessage[]): Case | undefined => prompts.get(JSON.stringify(messages));

/** The requests a loopback model got from the pipeline, not from the judge: one per case and ask. */
export const pipelineCalls = (server: Loopback): number => server.seen.filter((r) => caseOf(r.body.messages as ChatMessage[]) !== undefined).length;

/** A pilot generated with its own labels ships its examples unlabeled: nothing for a model to be right or wrong on yet. */
export const unlabeledCount = dataset.unlabeled.reduce((n, f) => n + f.lines.length, 0);
export const labelled = dataset.cases.length > 0;

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
export const judged = plans.length > 0;
/** Judge calls one run makes when every answer is valid. */
export const judgeCalls = plans.reduce((n, p) => n + p.checks.length + (p.pairwise ? 2 : 0), 0);
const pipelineAnswers = new Set(plans.map((p) => p.answer));
export const JUDGE_ENV: Record<string, string> = judged ? { PILOT_JUDGE_MODEL: 'loopback-judge' } : {};

/** A test judge: `yes` approves every check and prefers the pipeline's answer in either position; `no` the opposite. */
function judgeAnswer(messages: ChatMessage[], verdict: 'yes' | 'no'): string | null {
  const system = messages[0]?.content;
  if (system === JUDGE_SYSTEM_PROMPTS.check) return JSON.stringify({ answer: verdict, reason: 'test' });
  if (system !== JUDGE_SYSTEM_PROMPTS.pair) return null;
  const a = /<answer_a>\n([\s\S]*?)\n<\/answer_a>/.exec(messages[1]?.content ?? '')?.[1] ?? '';
  const pipelineIsA = pipelineAnswers.has(a);
  return JSON.stringify({ better: pipelineIsA === (verdict === 'yes') ? 'A' : 'B', reason: 'test' });
}

/** Answers the cases for which `right(case)` holds right, the others wrong; a judge call as `judge` says. */
export function answering(right: (c: Case) => boolean, judge: 'yes' | 'no' = 'yes'): LoopbackOptions['answer'] {
  return (messages) => {
    const judgement = judgeAnswer(messages, judge);
    if (judgement) return judgement;
    const c = caseOf(messages);
    if (!c) return '{"error":"unknown prompt"}';
    return right(c) ? answerFor(c.expected) : wrongAnswerFor(c.expected);
  };
}

/** Answers every case right, or wrong for all but the first `rightFirst` cases; a judge call as `judge` says. */
export function oracle(mode: 'right' | 'wrong', rightFirst = 0, judge: 'yes' | 'no' = 'yes'): LoopbackOptions['answer'] {
  return answering((c) => mode === 'right' || dataset.cases.indexOf(c) < rightFirst, judge);
}

/** A scratch pilot holding the shipped criteria and cases (and no reports), the real src and node_modules linked in. */
export function workspace(): string {
  const dir = tempDir('pilot-eval');
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(root, file), join(dir, file));
  cpSync(SHIPPED_DIR, dir, { recursive: true });
  symlinkSync(join(root, 'src'), join(dir, 'src'), 'junction');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'junction');
  return dir;
}

/** Edits the workspace's success-criteria.yaml with a text replacement that must match. */
export function editCriteria(dir: string, from: RegExp | string, to: string): void {
  const file = join(dir, 'success-criteria.yaml');
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`success-criteria.yaml has no ${String(from)} to replace`);
  writeFileSync(file, next);
}

export interface EvalRun extends ScriptRun {
  reportDir: string | null;
  report: Report | null;
}

/**
 * Runs `npm run eval -- <args>` (./npm-script.ts); `started` gets the child (to signal it). `detached`
 * puts it in a process group of its own, so a test can signal the whole group as a terminal or CI runner does.
 */
export async function runEval(cwd: string, args: string[] = [], env: Record<string, string> = {}, started?: (child: ChildProcess) => void, detached = false): Promise<EvalRun> {
  const run = await npmScript(cwd, 'eval', args, { env: { PILOT_EVAL_CACHE_DIR: join(cwd, '.cache/model'), ...env }, started, detached });
  const dir = /^report: (\S+)\/$/m.exec(run.stdout)?.[1] ?? null;
  const reportDir = dir ? resolve(cwd, dir) : null;
  const file = reportDir ? join(reportDir, 'report.json') : null;
  const report = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : null;
  return { ...run, reportDir, report };
}

const servers: Loopback[] = [];
/** A loopback model and the settings that point the runner at it. */
export async function model(options: LoopbackOptions, extra: Record<string, string> = {}) {
  const server = await startLoopbackOpenAI(options);
  servers.push(server);
  return { server, env: { OPENAI_BASE_URL: server.baseUrl, OPENAI_API_KEY: 'sk-loopback', PILOT_MODEL: 'loopback-model', ...JUDGE_ENV, ...extra } };
}

// Not afterEach: the tests run concurrently, and one finishing must not close another's server.
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The gate line `npm run eval` printed for a gate key (e.g. latency_p95_ms), from the report. */
export function gateOf(run: EvalRun, key: string) {
  return run.report?.gates.find((g) => g.key === key);
}

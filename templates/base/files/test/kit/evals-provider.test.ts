/**
 * `npm run eval` against a provider that misbehaves (issue 22), end to end over real HTTP: a partial
 * `usage`, an error body that echoes the API key, an answer too large to read, and a judge that
 * mostly fails. Each run works in a scratch copy of the pilot (helpers/eval-workspace.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/kit/model/provider.js';
import { JUDGE_SYSTEM_PROMPTS } from '../../src/kit/evals/judge.js';
import { TIMEOUT, caseOf, criteria, dataset, gateOf, judged, labelled, model, oracle, runEval, workspace } from './helpers/eval-workspace.js';

const n = dataset.cases.length;
const REPORT_FILES = ['report.md', 'report.json', 'report.html', 'junit.xml'];
const reportTexts = (dir: string | null) => REPORT_FILES.map((file) => [file, readFileSync(join(dir ?? 'missing-report', file), 'utf8')] as const);

describe.runIf(labelled).concurrent('issue 22: what the provider sends back', () => {
  it('a usage without completion_tokens on one answer: the cost gate says exactly that, not "no case got an answer to price"', { timeout: TIMEOUT }, async () => {
    const partial = dataset.cases[0]?.id;
    const { env } = await model(
      { answer: oracle('right'), usageFor: (m) => (caseOf(m)?.id === partial ? { prompt_tokens: 300 } : undefined) },
      { PILOT_PRICE_INPUT_PER_MTOK: '2.5', PILOT_PRICE_OUTPUT_PER_MTOK: '10' },
    );
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    expect(gateOf(run, 'cost_per_case_usd')).toMatchObject({ status: 'INCONCLUSIVE', actual: null });
    expect(run.stdout).toContain(`INCONCLUSIVE cost per case <= $${criteria.cost.per_case_usd_max}: n/a (1 of ${n} answers had no completion_tokens in usage: cost cannot be measured, and is not $0)`);
    expect(run.stdout).not.toContain('NaN');
    expect(JSON.stringify(run.report?.pipeline?.tokens)).not.toContain('null');
  });

  it('a 401 body echoing the Authorization header leaves no key in the console or any report', { timeout: TIMEOUT }, async () => {
    const key = 'sk-proj-Zq3xT9vLm2Kp8Rw4Yb6Nc1Hd5Fg7Js0A';
    const echo = (req: { headers: Record<string, unknown> }) => ({ error: { message: `Incorrect API key provided: ${String(req.headers.authorization)}` } });
    const { server, env } = await model({ answer: oracle('right'), script: Array.from({ length: 4 * n }, () => ({ status: 401, body: echo })) }, { OPENAI_API_KEY: key });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${key}`); // sent, and echoed back
    expect(run.stdout).toMatch(/first error: model API answered 401 after 1 attempt\(s\): 401 Incorrect API key provided: Bearer \[secret\]/);
    const secret = key.slice('sk-proj-'.length);
    expect(run.stdout + run.stderr).not.toContain(secret);
    for (const [file, text] of reportTexts(run.reportDir)) {
      expect(text.includes(secret), `${file} holds the key`).toBe(false);
      expect(text, file).toContain('Bearer [secret]');
    }
  });

  it('an answer over PILOT_MODEL_MAX_RESPONSE_BYTES is counted invalid, and the reason names the cap', { timeout: TIMEOUT }, async () => {
    const big = dataset.cases[0]?.id;
    const { env } = await model({ answer: oracle('right'), padFor: (m) => (caseOf(m)?.id === big ? 300_000 : 0) }, { PILOT_MODEL_MAX_RESPONSE_BYTES: '65536' });
    const run = await runEval(workspace(), [], env);
    const row = run.report?.cases.find((c) => c.id === big);
    expect(row?.pipeline?.status, run.stdout).toBe('invalid');
    expect(row?.pipeline?.pass).toBe(false);
    expect(row?.pipeline?.detail).toBe('model answer over the 65536-byte response cap (PILOT_MODEL_MAX_RESPONSE_BYTES=65536): not read, counted as invalid');
    expect(run.report?.pipeline?.invalid).toBe(1);
    expect(run.report?.pipeline?.errors).toBe(0);
  });
});

/** The right answer for the pipeline; for the judge, a verdict on its first `answered` questions and then only text that is no verdict. */
function failingJudge(answered: number) {
  let judgeCalls = 0;
  const right = oracle('right');
  return (messages: ChatMessage[]) => {
    const system = messages[0]?.content;
    if (system !== JUDGE_SYSTEM_PROMPTS.check && system !== JUDGE_SYSTEM_PROMPTS.pair) return right(messages);
    judgeCalls += 1;
    return judgeCalls <= answered ? right(messages) : 'I would rather not say.';
  };
}

describe.runIf(labelled && judged).concurrent('issue 22: a failing judge', () => {
  it('that answers almost nothing leaves every judge gate inconclusive (exit 2) and every report says how many questions failed', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: failingJudge(2) });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    const judgeGates = run.report?.gates.filter((g) => /^(judge_pass_rate|win_rate)/.test(g.key)) ?? [];
    expect(judgeGates.length).toBeGreaterThan(0);
    for (const g of judgeGates) expect(g.status, `${g.gate}: ${g.note}`).toBe('INCONCLUSIVE');
    const tally = run.report?.judge;
    expect(tally?.asked).toBeGreaterThan(2);
    const failed = (tally?.errors ?? 0) + (tally?.invalid ?? 0);
    expect(failed).toBeGreaterThanOrEqual((tally?.asked ?? 0) - 2);
    const text = `${failed} of ${tally?.asked} judge question(s) failed`;
    expect(run.stdout).toMatch(new RegExp(`^judge \\(loopback-judge\\): ${tally?.asked} question\\(s\\) asked; ${text.replace(/[()]/g, '\\$&')}`, 'm'));
    for (const g of judgeGates) {
      expect(g.note).toContain(text);
      expect(g.note).toContain("above the judge's max_error_rate");
    }
    for (const [file, content] of reportTexts(run.reportDir)) expect(content, file).toContain(text);
  });
});

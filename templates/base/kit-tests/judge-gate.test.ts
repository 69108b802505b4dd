/**
 * Issue 22: a failing judge must not make a judge gate pass. Questions the judge did not answer
 * (errors) or answered unusably are counted: above the judge's max_error_rate every judge gate is
 * inconclusive; under it they count against the pipeline, and every report says how many failed.
 */
import { describe, expect, it } from 'vitest';
import type { JudgePlan } from '../../src/kit/contract.js';
import { type Criteria, judgeMaxErrorRate, parseCriteria } from '../../src/kit/evals/criteria.js';
import { type GateResult, judgeMetric, verdictOf } from '../../src/kit/evals/gates.js';
import { JUDGE_SYSTEM_PROMPTS, type JudgeRecord, applyJudgeTally, judgeAnswer, tallyJudge } from '../../src/kit/evals/judge.js';
import { type CaseOutcome, summarize } from '../../src/kit/evals/metrics.js';
import { estimateText } from '../../src/kit/evals/report-format.js';
import { renderHtml } from '../../src/kit/evals/report-html.js';
import { renderJunit } from '../../src/kit/evals/report-junit.js';
import { renderMarkdown } from '../../src/kit/evals/report-md.js';
import type { Report } from '../../src/kit/evals/report.js';
import { type ChatModel, ModelError } from '../../src/kit/model/provider.js';

/** A judge that answers the first `answers` questions (yes, or pipeline-is-better) and fails every later one with a 500. */
function flakyJudge(answers: number): ChatModel {
  let questions = 0;
  return {
    name: 'flaky-judge',
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 },
    async complete({ messages }) {
      questions += 1;
      if (questions > answers) throw new ModelError('model API answered 500 after 4 attempt(s): overloaded', 500);
      const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
      if (messages[0]?.content === JUDGE_SYSTEM_PROMPTS.check) return { text: '{"answer":"yes","reason":"ok"}', usage, model: 'j', latencyMs: 1 };
      // Pairwise: the pipeline's answer is "P"; prefer it in either position.
      const better = /<answer_a>\nP\n/.test(messages[1]?.content ?? '') ? 'A' : 'B';
      return { text: JSON.stringify({ better, reason: 'ok' }), usage, model: 'j', latencyMs: 1 };
    },
  };
}

const checkPlan: JudgePlan = { source: 'S', answer: 'P', checks: ['Is it faithful?'] };
const pairPlan: JudgePlan = { source: 'S', answer: 'P', checks: [], pairwise: { question: 'Which is better?', baselineAnswer: 'B' } };

/** Judges `cases` plans one after another (so "the first N questions" is well defined) into outcomes. */
async function judgeRun(judge: ChatModel, plan: JudgePlan, cases: number) {
  const outcomes: CaseOutcome[] = [];
  const records: JudgeRecord[] = [];
  for (let i = 0; i < cases; i++) {
    const judged = await judgeAnswer(judge, plan);
    records.push(...judged.records);
    outcomes.push({ id: `c${i}`, tags: [], status: 'ok', pass: true, measures: judged.measures });
  }
  return { summary: summarize(outcomes), tally: tallyJudge(records) };
}

function criteriaWith(extra: string): Criteria {
  const yaml = `use_case: summarize
owner: "@a"
decision_date: "2027-01-01"
dataset: { path: evals/cases, min_cases: 1 }
baseline: { name: b, cost_per_case_usd: 0, latency_p50_ms: 0 }
metrics:
  - { id: judge_pass_rate, min: 0.9 }
beat_baseline: { metric: accuracy, margin: 0.1 }
latency: { p95_ms: 1000 }
cost: { per_case_usd_max: 1 }
${extra}`;
  const parsed = parseCriteria(yaml);
  if ('errors' in parsed) throw new Error(parsed.errors.join('\n'));
  return parsed.criteria;
}

describe('a failing judge', () => {
  it('that answered 2 of 51 checks leaves judge_pass_rate inconclusive (exit 2), not 2/2 = 1 and cleared', async () => {
    const { summary, tally } = await judgeRun(flakyJudge(2), checkPlan, 51);
    expect(tally).toEqual({ asked: 51, errors: 49, invalid: 0 });
    // The metrics table shows the answered share with what is missing beside it, not a bare 2/2.
    expect(estimateText(summary.metrics.judge_pass_rate)).toMatch(/^100\.0% \(2\/2, 49 without a verdict\) /);
    const gates = applyJudgeTally([judgeMetric({ id: 'judge_pass_rate', min: 0.9, judge_on: 'point' }, summary)], tally, 0.1);
    expect(gates[0]?.status).toBe('INCONCLUSIVE');
    expect(gates[0]?.actual).toBeNull();
    expect(gates[0]?.note).toBe("49 of 51 judge question(s) failed (49 error(s), 0 invalid answer(s)): above the judge's max_error_rate 0.1, so the judge says nothing");
    expect(verdictOf(gates, [])).toBe('inconclusive');
  });

  it('with a 15/15 win rate after 10 of 25 comparisons errored: inconclusive above the bar, judged as 15/25 (FAIL at 0.70) under it', async () => {
    const { summary, tally } = await judgeRun(flakyJudge(30), pairPlan, 25); // 2 calls per comparison: 15 answered
    expect(tally).toEqual({ asked: 25, errors: 10, invalid: 0 });
    const gate = judgeMetric({ id: 'win_rate', min: 0.7, judge_on: 'point' }, summary);
    expect(gate).toMatchObject({ status: 'FAIL', actual: 0.6 });
    expect(gate.note).toBe('10 question(s) without a usable verdict counted as failures (the pessimistic side)');

    const above = applyJudgeTally([gate], tally, 0.1);
    expect(above[0]).toMatchObject({ status: 'INCONCLUSIVE', actual: null });
    expect(above[0]?.note).toMatch(/^10 of 25 judge question\(s\) failed \(10 error\(s\), 0 invalid answer\(s\)\): above the judge's max_error_rate 0\.1/);

    const under = applyJudgeTally([gate], tally, 0.5);
    expect(under[0]).toMatchObject({ status: 'FAIL', actual: 0.6 });
    expect(under[0]?.note).toContain('10 of 25 judge question(s) failed (10 error(s), 0 invalid answer(s))');
  });

  it('counts missing verdicts as passes for a max gate (the side that hurts there)', async () => {
    const { summary } = await judgeRun(flakyJudge(8), checkPlan, 10); // 8 yes, 2 errors
    expect(judgeMetric({ id: 'judge_pass_rate', max: 0.85, judge_on: 'point' }, summary)).toMatchObject({ status: 'FAIL', actual: 1 });
    // Answered only, it would read 8/8 = 1 for the min gate as well: it is 8/10 there.
    expect(judgeMetric({ id: 'judge_pass_rate', min: 0.85, judge_on: 'point' }, summary)).toMatchObject({ status: 'FAIL', actual: 0.8 });
  });

  it('counts an answer that is no verdict as a failed question', async () => {
    const judge: ChatModel = {
      name: 'rambling',
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 },
      complete: async () => ({ text: 'I think so, probably', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, model: 'j', latencyMs: 1 }),
    };
    const { summary, tally } = await judgeRun(judge, checkPlan, 3);
    expect(tally).toEqual({ asked: 3, errors: 0, invalid: 3 });
    expect(summary.metrics.judge_pass_rate).toMatchObject({ hits: 0, n: 0, missing: 3 });
  });

  it('reads judge.max_error_rate from the criteria, defaulting to max_error_rate', () => {
    expect(judgeMaxErrorRate(criteriaWith('max_error_rate: 0.2'))).toBe(0.2);
    expect(judgeMaxErrorRate(criteriaWith('max_error_rate: 0.2\njudge: { max_error_rate: 0.05 }'))).toBe(0.05);
    expect(criteriaWithErrors('judge: { max_errors: 0.05 }').join('\n')).toMatch(/judge.*max_errors/);
    expect(criteriaWithErrors('judge: { max_error_rate: 1.5 }').join('\n')).toMatch(/judge\.max_error_rate/);
  });

  it('says in md, html and junit how many judge questions failed', () => {
    const gates: GateResult[] = [{ key: 'judge_pass_rate', gate: 'judge_pass_rate >= 0.9 (point)', status: 'INCONCLUSIVE', actual: null, threshold: 0.9 }];
    const report = { ...emptyReport(gates), judge: { model: 'flaky-judge', asked: 51, errors: 48, invalid: 1, maxErrorRate: 0.1 } };
    const line = 'Judge (flaky-judge): 49 of 51 judge question(s) failed (48 error(s), 1 invalid answer(s)); judge max_error_rate 0.1';
    expect(renderMarkdown(report)).toContain(`- ${line}`);
    expect(renderHtml(report)).toContain(`<p>${line}</p>`);
    const junit = renderJunit(report);
    expect(junit).toContain('<property name="judge.failed" value="49"/>');
    expect(junit).toContain('<property name="judge.asked" value="51"/>');
  });
});

function criteriaWithErrors(extra: string): string[] {
  try {
    criteriaWith(extra);
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

function emptyReport(gates: GateResult[]): Report {
  const summary = summarize([{ id: 'c0', tags: [], status: 'ok', pass: true }]);
  return {
    schema: 2,
    generatedAt: '2026-11-26T01:02:03.456Z',
    useCase: 'summarize',
    verdict: 'inconclusive',
    exitCode: 2,
    blockers: [],
    modelMissing: false,
    dataset: { path: 'evals/cases', files: [], cases: 1, minCases: 1, sha256: 'f'.repeat(64), locked: false, lock: null },
    repeat: 1,
    flaky: [],
    model: null,
    baseline: { name: 'b', declared: { costPerCaseUsd: 0, latencyP50Ms: 0 }, summary },
    pipeline: summary,
    gates,
    beatBaseline: null,
    metrics: [],
    tags: [],
    comparedTo: null,
    flips: [],
    cases: [],
  };
}

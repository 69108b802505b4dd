/**
 * The judge's pass over an eval run: for each case the pipeline answered, the use case's judgePlan
 * (src/score.ts) says what to ask; the answers become measures on that case, and the questions,
 * prompts and answers stay on it for the report. The baseline is not judged: its rule-based
 * measures stand, and the pairwise comparison already sets it against the pipeline.
 */
import pLimit from 'p-limit';
import type { ChatModel } from '../model/provider.js';
import type { ModelCache } from '../model/cache.js';
import type { JudgePlan } from '../contract.js';
// A namespace import: a use case without a judge (or written before judges existed) need not export judgePlan.
import * as score from '../../score.js';
import type { EvalCase } from './cases.js';
import { type JudgeRecord, type JudgeTally, judgeAnswer, tallyJudge } from './judge.js';
import type { Scored } from './score-cases.js';

export type Judged = Scored & { judge?: JudgeRecord[] };

/** Returns what the judge was asked and how many questions failed; outcomes are updated in place. */
export async function judgeCases(
  cases: readonly EvalCase[],
  pipeline: Judged[],
  baseline: readonly Scored[],
  judge: { model: ChatModel; cache: ModelCache | null; concurrency: number },
): Promise<JudgeTally> {
  const judgePlan = (score as { judgePlan?: (input: unknown, expected: unknown, output: unknown, baseline: unknown) => JudgePlan | null }).judgePlan;
  const all: JudgeRecord[] = [];
  if (!judgePlan) return tallyJudge(all);
  await pLimit(judge.concurrency).map([...cases.keys()], async (i) => {
    const c = cases[i] as EvalCase;
    const outcome = pipeline[i] as Judged;
    if (outcome.status !== 'ok') return;
    const plan = judgePlan(c.input, c.expected, outcome.output, (baseline[i] as Scored).output);
    if (!plan) return;
    const model = judge.cache?.forCase(`judge:${c.id}`) ?? judge.model;
    const { records, measures } = await judgeAnswer(model, plan);
    all.push(...records);
    outcome.judge = records;
    outcome.measures = { ...outcome.measures, ...measures };
  });
  return tallyJudge(all);
}

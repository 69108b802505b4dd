/**
 * `npm run eval`: scores the baseline (always, offline) and the pipeline (when a model is
 * configured) on the same cases, judges them against success-criteria.yaml, writes a report.
 *
 * Exit codes: 0 bar cleared; 1 not cleared; 2 inconclusive (no model, too few cases, too many
 * errors, an interval straddling the bar, cost not measurable); 3 invalid criteria or cases,
 * or a dataset that no longer matches its locked hash.
 * `npm run eval -- --lock` records the dataset's sha256 in success-criteria.yaml.
 */
import { runBaseline } from '../baseline/index.js';
import { ConfigError, loadDotEnv, readNumber } from '../env.js';
import { NO_MODEL_MESSAGE, createModel } from '../model/index.js';
import { PRICE_ENV, type Price, costUsd, priceFromEnv } from '../model/pricing.js';
import { type ChatModel, ModelError } from '../model/provider.js';
import { runPipeline, useCase } from '../pipeline.js';
import { type EvalCase, loadDataset } from './cases.js';
import { CRITERIA_FILE, lockDataset, readCriteria } from './criteria.js';
import { EXIT_CODES, type GateResult, MAX_ERROR_RATE, judge, judgeMetric, verdictOf } from './gates.js';
import { type CaseOutcome, type Summary, summarize } from './metrics.js';
import { type Report, gateLine, summaryLine, writeReport } from './report.js';
import { scoreCase } from './score.js';

type Scored = CaseOutcome & { output: unknown };

/** Runs fn over items with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The baseline's latency and cost are the current process's (people), declared in the criteria, not measured here. */
function scoreBaseline(c: EvalCase): Scored {
  const output = runBaseline(c.input);
  return { id: c.id, tags: c.tags, status: 'ok', ...scoreCase(c.expected, output), output };
}

async function scorePipeline(c: EvalCase, model: ChatModel, price: Price | null): Promise<Scored> {
  const base = { id: c.id, tags: c.tags };
  try {
    const run = await runPipeline(c.input, model);
    const costUsdValue = price ? costUsd(run.usage, price) : null;
    if (run.status === 'invalid') {
      // An invalid answer is a wrong answer, and it is reported with its raw text.
      return { ...base, status: 'invalid', ...scoreCase(c.expected, null), latencyMs: run.latencyMs, costUsd: costUsdValue, detail: `${run.issues.join('; ')}; raw: ${run.raw.slice(0, 200)}`, output: null };
    }
    return { ...base, status: 'ok', ...scoreCase(c.expected, run.output), latencyMs: run.latencyMs, costUsd: costUsdValue, output: run.output };
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    return { ...base, status: 'error', ...scoreCase(c.expected, null), detail: err.message, output: null };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  loadDotEnv();
  const env = process.env;
  const invalid = (lines: string[]) => {
    for (const line of lines) console.error(line);
    console.error(`eval: invalid criteria or cases (exit ${EXIT_CODES.invalid})`);
    return EXIT_CODES.invalid;
  };

  const read = readCriteria();
  if ('errors' in read) return invalid(read.errors);
  const { criteria } = read;
  if (criteria.use_case !== useCase) {
    return invalid([`${CRITERIA_FILE}: use_case is "${criteria.use_case}" but this pilot's pipeline is "${useCase}"`]);
  }
  const { dataset, errors } = loadDataset(criteria.dataset.path);
  if (errors.length > 0) return invalid(errors);

  if (argv.includes('--lock')) {
    lockDataset(dataset.sha256);
    console.log(`eval: locked ${dataset.cases.length} cases, sha256 ${dataset.sha256} in ${CRITERIA_FILE}`);
    return 0;
  }
  if (criteria.dataset.sha256 && criteria.dataset.sha256 !== dataset.sha256) {
    return invalid([
      `${criteria.dataset.path}: cases changed since they were locked (sha256 ${dataset.sha256.slice(0, 12)} != ${criteria.dataset.sha256.slice(0, 12)}).`,
      'Review the change, then run `npm run eval -- --lock` to accept it.',
    ]);
  }

  const blockers: string[] = [];
  if (dataset.cases.length < criteria.dataset.min_cases) {
    blockers.push(`${dataset.cases.length} cases, fewer than min_cases ${criteria.dataset.min_cases}`);
  }

  let model: ChatModel | null = null;
  let price: Price | null = null;
  let concurrency = 4;
  let modelProblem = NO_MODEL_MESSAGE;
  try {
    model = createModel(env);
    price = priceFromEnv(env);
    concurrency = readNumber(env, 'PILOT_EVAL_CONCURRENCY', 4, { min: 1, max: 64 });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    model = null;
    modelProblem = `model settings: ${err.message}`;
  }
  if (!model) blockers.push(modelProblem);

  console.log(`eval: ${useCase}, ${dataset.cases.length} cases from ${dataset.files.join(', ')} (sha256 ${dataset.sha256.slice(0, 12)})`);
  const baselineOutcomes = dataset.cases.map(scoreBaseline);
  const baselineSummary = {
    ...summarize(baselineOutcomes),
    latencyP50Ms: criteria.baseline.latency_p50_ms,
    costPerCaseUsd: criteria.baseline.cost_per_case_usd,
  };
  const baselineGates = criteria.metrics.map((m) => judgeMetric(m, baselineSummary));
  console.log(`baseline (${criteria.baseline.name}): ${summaryLine(baselineSummary)}`);
  for (const g of baselineGates) console.log(`  ${gateLine(g)}`);

  let pipelineOutcomes: Scored[] | null = null;
  let pipelineSummary: Summary | null = null;
  let gates: GateResult[] = [];
  if (model) {
    const m = model;
    pipelineOutcomes = await mapLimit(dataset.cases, concurrency, (c) => scorePipeline(c, m, price));
    const summary = summarize(pipelineOutcomes);
    pipelineSummary = summary;
    console.log(`pipeline (${model.name}): ${summaryLine(summary)}, ${summary.invalid} invalid, ${summary.errors} errors`);
    if (summary.errors > MAX_ERROR_RATE * summary.n) {
      blockers.push(`${summary.errors}/${summary.n} cases got no answer from the model (max ${MAX_ERROR_RATE * 100}%)`);
    }
    gates = judge(criteria, summary, baselineSummary, `token prices not set: set ${PRICE_ENV.join(' and ')}`);
    for (const g of gates) console.log(`  ${gateLine(g)}`);
  } else {
    console.log('pipeline: not scored');
  }

  const verdict = verdictOf(gates, blockers);
  const exitCode = EXIT_CODES[verdict];
  const report: Report = {
    schema: 1,
    generatedAt: new Date().toISOString(),
    useCase,
    verdict,
    exitCode,
    blockers,
    dataset: { path: criteria.dataset.path, files: dataset.files, cases: dataset.cases.length, minCases: criteria.dataset.min_cases, sha256: dataset.sha256 },
    baseline: { name: criteria.baseline.name, summary: baselineSummary, metricGates: baselineGates },
    pipeline: model && pipelineSummary ? { model: model.name, summary: pipelineSummary, tokens: { prompt: model.usage.promptTokens, completion: model.usage.completionTokens } } : null,
    gates,
    cases: dataset.cases.map((c, i) => ({
      id: c.id,
      tags: c.tags,
      expected: c.expected,
      baseline: baselineOutcomes[i] as Scored,
      pipeline: pipelineOutcomes?.[i] ?? null,
    })),
  };
  const dir = writeReport(report);
  for (const b of blockers) console.log(`inconclusive: ${b}`);
  console.log(`verdict: ${verdict.toUpperCase().replace('_', ' ')} (exit ${exitCode}); report: ${dir}/report.md`);
  return exitCode;
}

// An unexpected crash measured nothing, so it is inconclusive rather than "not cleared".
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = EXIT_CODES.inconclusive;
  },
);

/**
 * `npm run eval`: scores the baseline (always, offline) and the pipeline (when a model is
 * configured) on the same cases with the same scoring code, judges both against
 * success-criteria.yaml and writes evals/reports/<timestamp>/{report.json,report.md,report.html,junit.xml}.
 *
 *   npm run eval                 run the gate
 *   npm run eval -- --lock       record the cases' sha256 in success-criteria.yaml
 *   npm run eval -- --no-cache   ask the model again instead of reusing cached answers
 *
 * Exit codes: 0 bar cleared; 1 not cleared; 2 inconclusive (no model, too few cases, too many
 * errors, an interval straddling a bar, cost not measurable); 3 invalid criteria, cases or flags,
 * or cases that no longer match the locked hash. The last stdout line is `report: <dir>/`.
 */
import { parseArgs } from 'node:util';
import { ConfigError, type Env, loadDotEnv, readNumber, readString } from '../env.js';
import { DEFAULT_CACHE_DIR, type ModelCache, createModelCache } from '../model/cache.js';
import { NO_MODEL_MESSAGE, createModel } from '../model/index.js';
import { mapLimit } from '../model/limit.js';
import { PRICE_ENV, resolvePrice } from '../model/pricing.js';
import type { ChatModel } from '../model/provider.js';
import { useCase } from '../../pipeline.js';
import { loadDataset, unlabeledProblem } from './cases.js';
import { flipsSince, lastClearedRun } from './compare.js';
import { CRITERIA_FILE, type Criteria, METRIC_IDS, checkClasses, lockDataset, readCriteria } from './criteria.js';
import { EXIT_CODES, type GateResult, MAX_ERROR_RATE, judgeBeatBaseline, judgeCost, judgeLatency, judgeMetric, verdictOf } from './gates.js';
import { type Summary, metricKey, summarize } from './metrics.js';
import { type MetricRow, REPORTS_DIR, type Report, writeReport } from './report.js';
import { VERDICT_TEXT, gateLine, summaryLine } from './report-format.js';
import { type Scored, scoreBaselineCase, scorePipelineCase } from './score-cases.js';
import { judgeCases } from './judge-cases.js';
import { JUDGE_ENV, createJudge, explainMissingJudge } from './judge.js';
import { classes } from '../../score.js';

const USAGE = `usage: npm run eval [-- --lock | --no-cache | --help]
  --lock      record the sha256 of the cases in ${CRITERIA_FILE} (after the owners reviewed them)
  --no-cache  ask the model again rather than reuse cached answers (also PILOT_EVAL_CACHE=off)
Model: OPENAI_BASE_URL, OPENAI_API_KEY, PILOT_MODEL (see .env.example); judge: ${JUDGE_ENV}.
Exit: 0 cleared, 1 not cleared, 2 inconclusive, 3 invalid criteria, cases or flags.`;

class UsageError extends Error {}

function parseFlags(argv: readonly string[]): { lock: boolean; cache: boolean; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { lock: { type: 'boolean' }, 'no-cache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return { lock: values.lock ?? false, cache: !values['no-cache'], help: values.help ?? false };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const option = /'(-[^']*)'/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new UsageError(option ? `unknown option ${option}` : err instanceof Error ? err.message : String(err));
  }
}

interface ModelSetup {
  model: ChatModel;
  cache: ModelCache | null;
  concurrency: number;
}

/** null with a reason when no model can be used; the baseline is scored either way. */
function setUpModel(env: Env, useCache: boolean): { setup: ModelSetup | null; problem: string } {
  try {
    const concurrency = readNumber(env, 'PILOT_EVAL_CONCURRENCY', readNumber(env, 'PILOT_MODEL_CONCURRENCY', 4, { min: 1, max: 64, integer: true }), { min: 1, max: 64, integer: true });
    const model = createModel(env, { concurrency });
    if (!model) return { setup: null, problem: NO_MODEL_MESSAGE };
    const cacheSetting = (readString(env, 'PILOT_EVAL_CACHE') ?? 'on').toLowerCase();
    if (!['on', 'off', '1', '0', 'true', 'false'].includes(cacheSetting)) {
      throw new ConfigError(`PILOT_EVAL_CACHE=${JSON.stringify(cacheSetting)} must be on or off`);
    }
    const cacheOn = useCache && ['on', '1', 'true'].includes(cacheSetting);
    const cache = cacheOn ? createModelCache(model, readString(env, 'PILOT_EVAL_CACHE_DIR') ?? DEFAULT_CACHE_DIR) : null;
    return { setup: { model, cache, concurrency }, problem: '' };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { setup: null, problem: `model settings: ${err.message} (fix it in .env or the environment)` };
  }
}

/** Every metric both systems have, in reading order, with the gate that names it. */
function metricRows(criteria: Criteria, pipeline: Summary | null, baseline: Summary, gates: GateResult[], baselineGates: GateResult[]): MetricRow[] {
  const rank = (key: string) => [...METRIC_IDS, 'rouge_l'].indexOf(key.replace(/\[.*$/, '') as (typeof METRIC_IDS)[number]);
  const keys = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(pipeline?.metrics ?? {})])];
  const order = new Map(keys.map((k, i) => [k, i]));
  keys.sort((a, b) => rank(a) - rank(b) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return keys.map((key) => {
    const p = pipeline?.metrics[key] ?? null;
    const b = baseline.metrics[key] ?? null;
    const gateIndex = criteria.metrics.findIndex((m) => metricKey(m) === key);
    return {
      key,
      pipeline: p,
      baseline: b,
      delta: p?.value != null && b?.value != null ? p.value - b.value : null,
      gate: gateIndex >= 0 ? (gates[gateIndex] ?? null) : null,
      baselineGate: gateIndex >= 0 ? (baselineGates[gateIndex] ?? null) : null,
    };
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const startedMs = performance.now();
  const invalid = (lines: string[], hint?: string) => {
    for (const line of lines) console.error(line);
    if (hint) console.error(hint);
    console.error(`eval: invalid input, nothing was scored (exit ${EXIT_CODES.invalid})`);
    return EXIT_CODES.invalid;
  };
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    return invalid([`eval: ${(err as Error).message}; the flags are --lock, --no-cache and --help`]);
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }

  loadDotEnv();
  const env = process.env;
  const read = readCriteria();
  if ('errors' in read) return invalid(read.errors, `Fix ${CRITERIA_FILE}; evals/criteria.md explains each field.`);
  const { criteria } = read;
  if (criteria.use_case !== useCase) {
    return invalid([`${CRITERIA_FILE}: use_case is "${criteria.use_case}" but this pilot's pipeline is "${useCase}"`]);
  }
  const classErrors = checkClasses(criteria, classes);
  if (classErrors.length > 0) return invalid(classErrors);
  const { dataset, errors } = loadDataset(criteria.dataset.path);
  if (errors.length > 0) return invalid(errors, 'Each line of a case file is one JSON object: id, input, expected, tags, source, criteria.');

  if (flags.lock) {
    lockDataset(dataset.sha256);
    console.log(`eval: locked ${dataset.cases.length} cases, sha256 ${dataset.sha256} in ${CRITERIA_FILE}`);
    return 0;
  }
  if (criteria.dataset.sha256 && criteria.dataset.sha256 !== dataset.sha256) {
    return invalid([
      `${criteria.dataset.path}: cases changed since they were locked (sha256 ${dataset.sha256.slice(0, 12)} != ${criteria.dataset.sha256.slice(0, 12)} in ${CRITERIA_FILE}).`,
      'Have the owners review the change, then run `npm run eval -- --lock` to accept it.',
    ]);
  }

  const blockers: string[] = [];
  const unlabeled = unlabeledProblem(dataset);
  if (unlabeled) blockers.push(unlabeled);
  if (dataset.cases.length < criteria.dataset.min_cases) {
    blockers.push(`${dataset.cases.length} cases, fewer than min_cases ${criteria.dataset.min_cases}: add cases`);
  }
  const { setup, problem } = setUpModel(env, flags.cache);
  if (!setup) blockers.push(problem);

  console.log(`eval: ${useCase}, ${dataset.cases.length} cases from ${dataset.files.join(', ')} (sha256 ${dataset.sha256.slice(0, 12)}${criteria.dataset.sha256 ? ', locked' : ''})`);
  const baselineStartedMs = performance.now();
  const baselineOutcomes = dataset.cases.map(scoreBaselineCase);
  const baselineMs = performance.now() - baselineStartedMs;
  const baselineSummary = summarize(baselineOutcomes, classes);
  const baselineGates = criteria.metrics.map((m) => judgeMetric(m, baselineSummary));
  console.log(`baseline (${criteria.baseline.name}): ${summaryLine(baselineSummary)}`);

  let pipelineOutcomes: Scored[] | null = null;
  let pipelineSummary: Summary | null = null;
  let gates: GateResult[] = [];
  let beatBaseline: Report['beatBaseline'] = null;
  let price: ReturnType<typeof resolvePrice> = null;
  let pipelineMs: number | null = null;
  let judged = false;
  if (setup) {
    const { model, cache, concurrency } = setup;
    price = resolvePrice(model.name, criteria.cost.prices, env);
    const pipelineStartedMs = performance.now();
    pipelineOutcomes = await mapLimit(dataset.cases, concurrency, (c) => {
      const caseModel = cache?.forCase(c.id) ?? null;
      return scorePipelineCase(c, caseModel ?? model, price?.price ?? null, () => caseModel?.hits ?? 0);
    });
    // The judge (PILOT_JUDGE_MODEL), where the use case asks for one: its answers become measures on each case.
    const judge = createJudge(env, concurrency);
    judged = judge !== null;
    if (judge) {
      const judgeCache = cache ? createModelCache(judge, cache.dir) : null;
      const asked = await judgeCases(dataset.cases, pipelineOutcomes, baselineOutcomes, { model: judge, cache: judgeCache, concurrency });
      console.log(`judge (${judge.name}): ${asked} question(s) asked`);
    }
    pipelineMs = performance.now() - pipelineStartedMs;
    const summary = summarize(pipelineOutcomes, classes);
    pipelineSummary = summary;
    const fromCache = cache ? `, ${summary.cached} from cache` : '';
    console.log(`pipeline (${model.name}): ${summaryLine(summary)}; ${summary.invalid} invalid, ${summary.errors} errors${fromCache}`);
    if (summary.errors > MAX_ERROR_RATE * summary.n) {
      const first = pipelineOutcomes.find((o) => o.status === 'error')?.detail ?? '';
      blockers.push(`${summary.errors}/${summary.n} cases got no answer from the model (max ${MAX_ERROR_RATE * 100}%); first error: ${first}`);
    }
    beatBaseline = judgeBeatBaseline(criteria.beat_baseline, summary, baselineSummary, { pipeline: pipelineOutcomes, baseline: baselineOutcomes });
    const missingPrice = price
      ? 'no case got an answer to price'
      : `no price for model "${model.name}": add it (or a default row) under cost.prices in ${CRITERIA_FILE}, or set ${PRICE_ENV.join(' and ')}`;
    gates = explainMissingJudge([...criteria.metrics.map((m) => judgeMetric(m, summary)), beatBaseline, judgeLatency(criteria, summary), judgeCost(criteria, summary, missingPrice)], judged);
    for (const g of gates) console.log(`  ${gateLine(g)}`);
  } else {
    console.log('pipeline: not scored; the baseline against the metric gates:');
    for (const g of baselineGates) console.log(`  ${gateLine(g)}`);
  }

  const verdict = verdictOf(gates, blockers);
  const exitCode = EXIT_CODES[verdict];
  const cases = dataset.cases.map((c, i) => ({ id: c.id, tags: c.tags, expected: c.expected, baseline: baselineOutcomes[i] as Scored, pipeline: pipelineOutcomes?.[i] ?? null }));
  const previous = lastClearedRun(REPORTS_DIR);
  const flips = previous && pipelineOutcomes ? flipsSince(previous.report, cases) : [];
  const flipOf = new Map(flips.map((f) => [f.id, f.now === 'pass' ? ('fixed' as const) : ('broke' as const)]));

  const rows = metricRows(criteria, pipelineSummary, baselineSummary, gates, baselineGates);
  const report: Report = {
    schema: 2,
    generatedAt: new Date().toISOString(),
    useCase,
    verdict,
    exitCode,
    blockers,
    dataset: { path: criteria.dataset.path, files: dataset.files, cases: dataset.cases.length, minCases: criteria.dataset.min_cases, sha256: dataset.sha256, locked: Boolean(criteria.dataset.sha256) },
    model: setup
      ? {
          name: setup.model.name,
          concurrency: setup.concurrency,
          price: price ? { source: price.source, ...price.price } : null,
          cache: { enabled: setup.cache !== null, dir: setup.cache?.dir ?? null, hits: pipelineSummary?.cached ?? 0 },
        }
      : null,
    baseline: { name: criteria.baseline.name, declared: { costPerCaseUsd: criteria.baseline.cost_per_case_usd, latencyP50Ms: criteria.baseline.latency_p50_ms }, summary: baselineSummary },
    pipeline: pipelineSummary,
    gates,
    beatBaseline,
    metrics: rows,
    tags: baselineSummary.tags.map((tag) => {
      const row = rows.find((m) => m.key === metricKey({ id: 'pass_rate', tag }));
      return { tag, n: row?.baseline?.n ?? 0, pipeline: row?.pipeline ?? null, baseline: row?.baseline ?? null, delta: row?.delta ?? null };
    }),
    comparedTo: previous && pipelineOutcomes ? { report: previous.dir, generatedAt: previous.report.generatedAt } : null,
    flips,
    cases: cases.map((c) => ({ ...c, flip: flipOf.get(c.id) })),
    timing: { pipelineMs, baselineMs, totalMs: performance.now() - startedMs },
  };
  const dir = writeReport(report);
  if (flips.length > 0 && previous) {
    console.log(`flipped since the last cleared run (${previous.report.generatedAt}): ${flips.map((f) => `${f.id} ${f.was}->${f.now}`).join(', ')}`);
  }
  for (const b of blockers) console.log(`inconclusive: ${b}`);
  console.log(`verdict: ${VERDICT_TEXT[verdict]} (exit ${exitCode})`);
  console.log(`report: ${dir.split('\\').join('/')}/`);
  return exitCode;
}

// An unexpected crash measured nothing, so it is inconclusive rather than "not cleared".
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('eval: crashed, nothing was judged:', err);
    process.exitCode = EXIT_CODES.inconclusive;
  },
);

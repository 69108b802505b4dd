/**
 * `npm run eval`: scores the baseline (always, offline) and the pipeline (when a model is
 * configured) on the same cases with the same scoring code, judges both against
 * success-criteria.yaml and writes evals/reports/<timestamp>/{report.json,report.md,report.html,junit.xml}.
 *
 *   npm run eval                 run the gate
 *   npm run eval -- --lock       lock the cases and the bar (lock.cases, lock.criteria in success-criteria.yaml)
 *   npm run eval -- --no-cache   ask the model again instead of reusing cached answers
 *   npm run eval -- --repeat 5   ask each case 5 times (flaky cases are named)
 *
 * Exit codes: 0 bar cleared; 1 not cleared; 2 inconclusive (no model, unlabeled cases, too few cases, too many
 * errors, an interval straddling a bar, cost not measurable, no lock in CI or a removed lock);
 * 3 invalid criteria, cases or flags, or cases or gates changed since the lock (or src/ does not
 * compile: src/kit/compile-and-run.mjs, which starts this file); 4 the runner itself failed (nothing
 * judged). The last stdout line is `report: <dir>/`.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { ConfigError, type Env, loadDotEnv, readNumber, readString } from '../env.js';
import { DEFAULT_CACHE_DIR, type ModelCache, createModelCache } from '../model/cache.js';
import { DEFAULT_BASE_URL, NO_MODEL_MESSAGE, createModel } from '../model/index.js';
import { PRICE_ENV, resolvePrice } from '../model/pricing.js';
import type { ChatModel } from '../model/provider.js';
import { useCase } from '../../pipeline.js';
import { loadDataset, unlabeledProblem } from './cases.js';
import { flipsSince, lastClearedRun, lastLockedRun } from './compare.js';
import { CRITERIA_FILE, type Criteria, METRIC_IDS, checkClasses, judgeMaxErrorRate, lockDataset, lockedCriteriaHash, readCriteria } from './criteria.js';
import { EXIT_CODES, type GateResult, errorBlocker, judgeBeatBaseline, judgeCost, judgeLatency, judgeMetric, judgeNoNewFailures, verdictOf } from './gates.js';
import { InputError, capProblems, escapeExcerpt } from './input-file.js';
import { judgeCases } from './judge-cases.js';
import { JUDGE_ENV, applyJudgeTally, createJudge, explainMissingJudge } from './judge.js';
import { type Summary, metricKey, summarize } from './metrics.js';
import { type MetricRow, REPORTS_DIR, type Report, writeReport } from './report.js';
import { VERDICT_TEXT, gateLine, judgeFailureText, numberText, summaryLine } from './report-format.js';
import { type Scored, combineRepeats, scoreBaselineCase, scorePipelineCase } from './score-cases.js';
import { classes } from '../../score.js';

const USAGE = `usage: npm run eval [-- --lock | --no-cache | --repeat N | --help]
  --lock      lock the cases and the bar in ${CRITERIA_FILE} (after the owners reviewed both)
  --no-cache  ask the model again rather than reuse cached answers (also PILOT_EVAL_CACHE=off)
  --repeat N  ask each case N times (1-20; default: repeat in ${CRITERIA_FILE}, else 1)
Model: OPENAI_BASE_URL, OPENAI_API_KEY, PILOT_MODEL (see .env.example); judge: ${JUDGE_ENV}.
Exit: 0 cleared, 1 not cleared, 2 inconclusive (also: unlabeled cases), 3 invalid criteria, cases or flags, 4 the runner failed.`;

class UsageError extends Error {}

interface Flags {
  lock: boolean;
  cache: boolean;
  help: boolean;
  repeat: number | null;
}

function parseFlags(argv: readonly string[]): Flags {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { lock: { type: 'boolean' }, 'no-cache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, repeat: { type: 'string' } },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${escapeExcerpt(positionals[0] ?? '')}"`);
    const repeat = values.repeat === undefined ? null : Number(values.repeat);
    if (repeat !== null && !(Number.isInteger(repeat) && repeat >= 1 && repeat <= 20)) {
      throw new UsageError(`--repeat ${JSON.stringify(escapeExcerpt(values.repeat ?? ''))} is not a whole number from 1 to 20`);
    }
    return { lock: values.lock ?? false, cache: !values['no-cache'], help: values.help ?? false, repeat };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const option = /'(-[^']*)'/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new UsageError(option ? `unknown option ${escapeExcerpt(option)}` : escapeExcerpt(err instanceof Error ? err.message : String(err), 200));
  }
}

interface ModelSetup {
  model: ChatModel;
  cache: ModelCache | null;
  concurrency: number;
}

/** null with a reason when no model can be used; the baseline is scored either way. */
function setUpModel(env: Env, useCache: boolean): { setup: ModelSetup | null; problem: string; missing: boolean } {
  try {
    const concurrency = readNumber(env, 'PILOT_EVAL_CONCURRENCY', readNumber(env, 'PILOT_MODEL_CONCURRENCY', 4, { min: 1, max: 64, integer: true }), { min: 1, max: 64, integer: true });
    const model = createModel(env, { concurrency });
    if (!model) return { setup: null, problem: NO_MODEL_MESSAGE, missing: true };
    const cacheSetting = (readString(env, 'PILOT_EVAL_CACHE') ?? 'on').toLowerCase();
    if (!['on', 'off', '1', '0', 'true', 'false'].includes(cacheSetting)) {
      throw new ConfigError(`PILOT_EVAL_CACHE=${JSON.stringify(cacheSetting)} must be on or off`);
    }
    const cacheOn = useCache && ['on', '1', 'true'].includes(cacheSetting);
    const endpoint = readString(env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL;
    const cache = cacheOn ? createModelCache(model, readString(env, 'PILOT_EVAL_CACHE_DIR') ?? DEFAULT_CACHE_DIR, endpoint) : null;
    return { setup: { model, cache, concurrency }, problem: '', missing: false };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { setup: null, problem: `model settings: ${err.message} (fix it in .env or the environment)`, missing: false };
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

const startedIn = workingFolder();

/** CI=true (GitHub Actions, GitLab, most CI systems set it): the lock is required there. */
const inCI = (env: Env) => ['true', '1'].includes((readString(env, 'CI') ?? '').toLowerCase());

/**
 * The lock is the contract: the cases and the gates as the owners reviewed them. Changed since the
 * lock: exit 3 (returned as problems). Unlocked: a note locally, a blocker in CI; a lock that earlier
 * runs saw and that is gone now is a blocker everywhere.
 */
function checkLock(criteria: Criteria, casesSha256: string, env: Env): { problems: string[]; blockers: string[]; notes: string[] } {
  const relock = 'Have the owners review the change, then run `npm run eval -- --lock` to accept it.';
  if (criteria.dataset.sha256) {
    return {
      problems: [`${CRITERIA_FILE}: dataset.sha256 is the old lock, which did not cover the gates; run \`npm run eval -- --lock\` (after review) to write lock.cases and lock.criteria`],
      blockers: [],
      notes: [],
    };
  }
  const { lock } = criteria;
  if (lock) {
    const problems: string[] = [];
    if (lock.cases !== casesSha256) {
      problems.push(`${criteria.dataset.path}: cases changed since they were locked (sha256 ${casesSha256.slice(0, 12)} != lock.cases ${lock.cases.slice(0, 12)} in ${CRITERIA_FILE}).`);
    }
    const gates = lockedCriteriaHash(criteria);
    if (lock.criteria !== gates) {
      problems.push(
        `${CRITERIA_FILE}: the gates changed since they were locked (sha256 ${gates.slice(0, 12)} != lock.criteria ${lock.criteria.slice(0, 12)}): a threshold, margin, gate or price differs from what the owners reviewed.`,
      );
    }
    return { problems: problems.length > 0 ? [...problems, relock] : [], blockers: [], notes: [] };
  }
  const blockers: string[] = [];
  const previous = lastLockedRun(REPORTS_DIR);
  if (previous) {
    blockers.push(
      `the lock was removed from ${CRITERIA_FILE}: the run of ${previous.generatedAt} was locked (cases ${previous.sha256.slice(0, 12)}); restore it, or review and run \`npm run eval -- --lock\``,
    );
  }
  if (inCI(env)) {
    blockers.push(`not locked, and CI=true requires the lock: review the cases and ${CRITERIA_FILE}, run \`npm run eval -- --lock\` and commit it`);
    return { problems: [], blockers, notes: [] };
  }
  return { problems: [], blockers, notes: ['note: cases and gates are not locked; `npm run eval -- --lock` once the owners reviewed them (CI requires it)'] };
}

async function main(argv: readonly string[]): Promise<number> {
  const startedMs = performance.now();
  const invalid = (lines: string[], hint?: string) => {
    for (const line of capProblems(lines)) console.error(line);
    if (hint) console.error(hint);
    console.error(`eval: invalid input, nothing was scored (exit ${EXIT_CODES.invalid})`);
    return EXIT_CODES.invalid;
  };
  let flags: Flags;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    return invalid([`eval: ${(err as Error).message}; the flags are --lock, --no-cache, --repeat N and --help`]);
  }
  if (flags.help) {
    console.log(USAGE);
    console.log('eval: printed the usage; nothing was judged (exit 0)');
    return 0;
  }

  loadDotEnv();
  const env = process.env;
  const read = readCriteria();
  if ('errors' in read) return invalid(read.errors, `Fix ${CRITERIA_FILE}; evals/criteria.md explains each field.`);
  const { criteria } = read;
  if (criteria.use_case !== useCase) {
    return invalid([`${CRITERIA_FILE}: use_case is "${escapeExcerpt(criteria.use_case)}" but this pilot's pipeline is "${useCase}"`]);
  }
  const classErrors = checkClasses(criteria, classes);
  if (classErrors.length > 0) return invalid(classErrors);
  const { dataset, errors } = loadDataset(criteria.dataset.path);
  if (errors.length > 0) return invalid(errors, 'Each line of a case file is one JSON object: id, input, expected, tags, source, criteria.');

  if (flags.lock) {
    const lock = lockDataset(dataset.sha256);
    console.log(`eval: locked ${dataset.cases.length} cases (sha256 ${lock.cases.slice(0, 12)}) and the gates (sha256 ${lock.criteria.slice(0, 12)}) in ${CRITERIA_FILE}`);
    console.log('eval: nothing was judged; run `npm run eval` for the verdict (exit 0)');
    return 0;
  }
  const lockCheck = checkLock(criteria, dataset.sha256, env);
  if (lockCheck.problems.length > 0) return invalid(lockCheck.problems);

  const blockers: string[] = [...lockCheck.blockers];
  const unlabeled = unlabeledProblem(dataset);
  if (unlabeled) blockers.push(unlabeled);
  if (dataset.cases.length < criteria.dataset.min_cases) {
    blockers.push(`${dataset.cases.length} cases, fewer than min_cases ${criteria.dataset.min_cases}: add cases`);
  }
  const { setup, problem, missing } = setUpModel(env, flags.cache);
  if (!setup) blockers.push(problem);
  const repeat = flags.repeat ?? criteria.repeat;

  console.log(
    `eval: ${useCase}, ${dataset.cases.length} cases from ${dataset.files.join(', ')} (sha256 ${dataset.sha256.slice(0, 12)}${criteria.lock ? ', locked' : ''})${repeat > 1 ? `, each asked ${repeat} times` : ''}`,
  );
  for (const note of lockCheck.notes) console.log(note);
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
  let flaky: string[] = [];
  let judged = false;
  let judgeRun: Report['judge'] = null;
  if (setup) {
    const { model, cache, concurrency } = setup;
    price = resolvePrice(model.name, criteria.cost.prices, env);
    const pipelineStartedMs = performance.now();
    const asks = dataset.cases.flatMap((c) => Array.from({ length: repeat }, (_, r) => ({ c, r })));
    const answers = await pLimit(concurrency).map(asks, ({ c, r }) => {
      const caseModel = cache?.forCase(c.id, r) ?? null;
      return scorePipelineCase(c, caseModel ?? model, price?.price ?? null, () => caseModel?.hits ?? 0);
    });
    const combined = dataset.cases.map((_, i) => combineRepeats(answers.slice(i * repeat, (i + 1) * repeat)));
    flaky = combined.filter((o) => o.flaky).map((o) => o.id);
    pipelineOutcomes = combined.map(({ flaky: _flaky, ...o }) => o);
    // The judge (PILOT_JUDGE_MODEL), where the use case asks for one: its answers become measures on
    // each case. With --repeat, it judges a case's first answer (combineRepeats keeps it as the output).
    const judge = createJudge(env, concurrency);
    judged = judge !== null;
    if (judge) {
      const judgeCache = cache ? createModelCache(judge, cache.dir, readString(env, 'OPENAI_BASE_URL') ?? DEFAULT_BASE_URL) : null;
      const tally = await judgeCases(dataset.cases, pipelineOutcomes, baselineOutcomes, { model: judge, cache: judgeCache, concurrency });
      judgeRun = { model: judge.name, ...tally, maxErrorRate: judgeMaxErrorRate(criteria) };
      console.log(`judge (${judge.name}): ${tally.asked} question(s) asked; ${judgeFailureText(tally)}`);
    }
    pipelineMs = performance.now() - pipelineStartedMs;
    const summary = summarize(pipelineOutcomes, classes);
    pipelineSummary = summary;
    const fromCache = cache ? `, ${summary.cached} of ${summary.asks} answers from cache` : ', cache off';
    console.log(`pipeline (${model.name}): ${summaryLine(summary)}; ${numberText(summary.invalid)} invalid, ${numberText(summary.errors)} errors${fromCache}`);
    const tooManyErrors = errorBlocker(criteria, summary, escapeExcerpt(pipelineOutcomes.find((o) => o.status === 'error')?.detail ?? '', 200));
    if (tooManyErrors) blockers.push(tooManyErrors);
    beatBaseline = judgeBeatBaseline(criteria.beat_baseline, summary, baselineSummary, { pipeline: pipelineOutcomes, baseline: baselineOutcomes }, classes);
    const missingPrice = price
      ? 'no case got an answer to price'
      : `no price for model "${model.name}": add it (or a default row) under cost.prices in ${CRITERIA_FILE}, or set ${PRICE_ENV.join(' and ')}`;
    gates = explainMissingJudge([...criteria.metrics.map((m) => judgeMetric(m, summary)), beatBaseline, judgeLatency(criteria, summary), judgeCost(criteria, summary, missingPrice)], judged);
    if (judgeRun) gates = applyJudgeTally(gates, judgeRun, judgeRun.maxErrorRate);
  } else {
    console.log('pipeline: not scored; the baseline against the metric gates:');
    for (const g of baselineGates) console.log(`  ${gateLine(g)}`);
  }

  const cases = dataset.cases.map((c, i) => ({ id: c.id, tags: c.tags, expected: c.expected, baseline: baselineOutcomes[i] as Scored, pipeline: pipelineOutcomes?.[i] ?? null }));
  const previous = lastClearedRun(REPORTS_DIR);
  const flips = previous && pipelineOutcomes ? flipsSince(previous.report, cases) : [];
  const flipOf = new Map(flips.map((f) => [f.id, f.now === 'pass' ? ('fixed' as const) : ('broke' as const)]));
  const broke = cases.filter((c) => flipOf.get(c.id) === 'broke');
  if (setup && criteria.no_new_failures) gates.push(judgeNoNewFailures(criteria.no_new_failures, broke, previous ? previous.report.generatedAt : null));
  for (const g of gates) console.log(`  ${gateLine(g)}`);

  const verdict = verdictOf(gates, blockers);
  const exitCode = EXIT_CODES[verdict];

  const rows = metricRows(criteria, pipelineSummary, baselineSummary, gates, baselineGates);
  const report: Report = {
    schema: 2,
    generatedAt: new Date().toISOString(),
    useCase,
    verdict,
    exitCode,
    blockers,
    modelMissing: missing,
    dataset: {
      path: criteria.dataset.path,
      files: dataset.files,
      cases: dataset.cases.length,
      minCases: criteria.dataset.min_cases,
      sha256: dataset.sha256,
      locked: Boolean(criteria.lock),
      lock: criteria.lock ?? null,
    },
    repeat,
    flaky,
    model: setup
      ? {
          name: setup.model.name,
          concurrency: setup.concurrency,
          price: price ? { source: price.source, ...price.price } : null,
          cache: { enabled: setup.cache !== null, dir: setup.cache?.dir ?? null, hits: pipelineSummary?.cached ?? 0, asks: pipelineSummary?.asks ?? 0 },
        }
      : null,
    baseline: { name: criteria.baseline.name, declared: { costPerCaseUsd: criteria.baseline.cost_per_case_usd, latencyP50Ms: criteria.baseline.latency_p50_ms }, summary: baselineSummary },
    pipeline: pipelineSummary,
    judge: judgeRun,
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
  // Checked again right before writing: mkdir in a deleted folder must fail, not spin (see workingFolder).
  if (!existsSync(startedIn)) throw new InputError(`eval: the working folder ${startedIn} was deleted during the run; nothing was written`);
  const dir = relative(startedIn, writeReport(report, join(startedIn, REPORTS_DIR)));
  if (flips.length > 0 && previous) {
    console.log(`flipped since the last cleared run (${previous.report.generatedAt}): ${flips.map((f) => `${f.id} ${f.was}->${f.now}`).join(', ')}`);
  }
  if (broke.length > 0 && previous) console.log(`passed in the last cleared run, fail now: ${broke.map((c) => c.id).join(', ')}`);
  if (flaky.length > 0) console.log(`flaky (answers differed across ${repeat} asks): ${flaky.join(', ')}`);
  for (const b of blockers) console.log(`inconclusive: ${b}`);
  console.log(`verdict: ${VERDICT_TEXT[verdict]} (exit ${exitCode})`);
  console.log(`report: ${dir.split('\\').join('/')}/`);
  return exitCode;
}

/**
 * Signals end the run at once, with a line saying nothing was judged: a killed CI job must neither
 * hang nor leave a log that reads like a verdict.
 */
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    console.error(`eval: stopped by ${signal}, nothing was judged`);
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  });
}

/**
 * The working folder must exist for the whole run. Deleted under it, a run used to spin at 30% CPU
 * (Node's recursive mkdir of a relative path loops when the folder is gone) and so never reached a
 * signal handler; now a watchdog stops it within a second, exit 3, and reports are written by
 * absolute path after one more check.
 */
function workingFolder(): string {
  let dir: string;
  try {
    dir = process.cwd();
  } catch {
    console.error('eval: the working folder no longer exists; cd into the pilot and run again');
    process.exit(EXIT_CODES.invalid);
  }
  setInterval(() => {
    if (existsSync(dir)) return;
    console.error(`eval: the working folder ${dir} was deleted during the run; stopped, nothing was judged (exit ${EXIT_CODES.invalid})`);
    process.exit(EXIT_CODES.invalid);
  }, 500).unref();
  return dir;
}

// An input refused late (e.g. the folder vanished) is exit 3 like any other; an unexpected crash is
// exit 4, one line, the stack only with DEBUG=1: it measured nothing, so it can never pass.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof InputError) {
      console.error(err.message);
      process.exitCode = EXIT_CODES.invalid;
      return;
    }
    const gone = (err as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(startedIn);
    const message = gone ? `the working folder ${startedIn} was deleted during the run` : escapeExcerpt(err instanceof Error ? `${err.name}: ${err.message}` : String(err), 300);
    console.error(`eval: internal error, nothing was judged (exit ${EXIT_CODES.crashed}): ${message}${process.env.DEBUG === '1' ? '' : ' (DEBUG=1 shows the stack)'}`);
    if (process.env.DEBUG === '1' && err instanceof Error && err.stack) console.error(err.stack);
    process.exitCode = EXIT_CODES.crashed;
  },
);

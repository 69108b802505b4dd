/**
 * `npm run eval` end to end, as CI runs it: a real process, the real provider over HTTP against a
 * loopback OpenAI-compatible server, and the shipped criteria and cases. Each test works in a
 * scratch copy of the pilot (helpers/eval-workspace.ts) so its reports, cache and lock never touch
 * this repository's own. The "issue 9" block reproduces each way the gate could be fooled.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_JUDGE_NOTE } from '../../src/kit/evals/judge.js';
import { scoreBaselineCase } from '../../src/kit/evals/score-cases.js';
import { classes } from '../../src/score.js';
import type { LoopbackOptions } from './helpers/loopback-openai.js';
import {
  type Case,
  TIMEOUT,
  answering,
  caseOf,
  criteria,
  dataset,
  editCriteria,
  gateOf,
  judgeCalls,
  judged,
  labelled,
  model,
  oracle,
  pipelineCalls,
  runEval,
  timeoutFor,
  unlabeledCount,
  workspace,
} from './helpers/eval-workspace.js';

const n = dataset.cases.length;
const baselinePasses = new Set(dataset.cases.filter((c) => scoreBaselineCase(c).pass).map((c) => c.id));

describe.concurrent('npm run eval', () => {
  it('exits 2 with no model configured, names the variables, and still scores the baseline', { timeout: TIMEOUT }, async () => {
    const run = await runEval(workspace());
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toMatch(/PILOT_MODEL/);
    expect(run.stdout).toMatch(/OPENAI_BASE_URL/);
    expect(run.report?.pipeline).toBeNull();
    expect(run.report?.modelMissing).toBe(true);
    expect(run.report?.baseline.summary.n).toBe(n);
  });

  it.runIf(unlabeledCount > 0)('exits 2 while cases wait for labels, naming the count, even with a model that answers', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: () => '{}' });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toContain(`inconclusive: ${unlabeledCount} unlabeled case(s) need labelling`);
    expect(run.report?.blockers.join('\n')).toMatch(new RegExp(`${unlabeledCount} unlabeled case`));
  });

  it.runIf(labelled)('exits 0 when every answer is right, with the concurrency cap held; a second run is served from the cache', { timeout: timeoutFor(3) }, async () => {
    const dir = workspace();
    const { server, env } = await model({ answer: oracle('right'), delayMs: 20 }, { PILOT_EVAL_CONCURRENCY: '2' });
    const first = await runEval(dir, [], env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^verdict: CLEARED \(exit 0\)$/m);
    expect(server.stats.answered).toBe(n + judgeCalls);
    expect(server.stats.maxInFlight).toBe(2);
    expect(first.report?.gates.every((g) => g.status === 'PASS')).toBe(true);
    expect(readFileSync(join(first.reportDir ?? '', 'report.html'), 'utf8')).toMatch(/<svg class="metric-chart"/);

    // The rerun asks one question live (the probe that learns the model version the API reports),
    // the rest come from the cache; the console says how many.
    const second = await runEval(dir, [], env);
    expect(second.code).toBe(0);
    // The judge's answers are cached like the pipeline's; each cache's first call is live (it learns
    // the model version the API reports).
    expect(server.stats.requests).toBe(n + judgeCalls + 1 + (judged ? 1 : 0));
    expect(second.report?.model?.cache.hits).toBe(n - 1);
    expect(second.stdout).toContain(`${n - 1} of ${n} answers from cache`);

    // Then most answers go wrong: exit 1, and the cases that flipped since the cleared run are listed.
    const worse = await model({ answer: oracle('wrong', 3) });
    const third = await runEval(dir, ['--no-cache'], worse.env);
    expect(third.code, third.stdout).toBe(1);
    expect(third.stdout).toMatch(/^verdict: NOT CLEARED \(exit 1\)$/m);
    expect(third.report?.flips.length).toBe(n - 3);
    expect(third.stdout).toContain('passed in the last cleared run, fail now: ');
    expect(third.report?.comparedTo?.generatedAt).toBe(second.report?.generatedAt);
    expect(readFileSync(join(third.reportDir ?? '', 'report.md'), 'utf8')).toMatch(/^# Eval report.*\n\n\*\*Verdict: NOT CLEARED\*\*/);
  });

  it.runIf(labelled)('retries 429s and still answers every case', { timeout: TIMEOUT }, async () => {
    const { server, env } = await model({ answer: oracle('right'), rateLimitFirst: 3 });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(0);
    expect(server.stats.rateLimited).toBe(3);
    expect(server.stats.answered).toBe(n + judgeCalls);
  });

  it.runIf(labelled)('exits 2 when the model fails every call', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: oracle('right'), failWith: 500 }, { PILOT_MODEL_MAX_RETRIES: '1' });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    expect(run.stdout).toMatch(/cases got no answer from the model \(max_error_rate 0\.1\)/);
    expect(run.report?.pipeline?.errors).toBe(n);
  });

  it.runIf(judged)('the judge path: a judge that says yes clears (0), no does not (1), none is inconclusive (2)', { timeout: timeoutFor(3) }, async () => {
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

  it('--lock records both hashes and says nothing was judged; an edited case afterwards exits 3', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    const lock = await runEval(dir, ['--lock']);
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toMatch(/nothing was judged/);
    expect(lock.stdout).not.toMatch(/^verdict:/m);
    expect(readFileSync(join(dir, 'success-criteria.yaml'), 'utf8')).toMatch(/^lock:\n {2}cases: [0-9a-f]{64}\n {2}criteria: [0-9a-f]{64}$/m);
    const file = join(dir, dataset.files[0] ?? '');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"happy"', '"happy", "regression"'));
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cases changed since they were locked/);
    expect(run.stderr).toMatch(/npm run eval -- --lock/);
  });

  it('--help exits 0 and says nothing was judged', { timeout: TIMEOUT }, async () => {
    const run = await runEval(workspace(), ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--repeat N/);
    expect(run.stdout).toMatch(/^eval: printed the usage; nothing was judged \(exit 0\)$/m);
  });

  it('exits 3 on invalid criteria and on an unknown flag, with one line saying what is wrong', { timeout: timeoutFor(3) }, async () => {
    const dir = workspace();
    const flag = await runEval(dir, ['--lokc']);
    expect(flag.code).toBe(3);
    expect(flag.stderr).toMatch(/unknown option --lokc/);
    const repeat = await runEval(dir, ['--repeat', '0']);
    expect(repeat.code).toBe(3);
    expect(repeat.stderr).toMatch(/--repeat "0" is not a whole number from 1 to 20/);
    editCriteria(dir, /min_cases: \d+/, 'min_cases: lots');
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^success-criteria\.yaml: dataset\.min_cases: /m);
  });
});

/**
 * Cases the criteria do not single out: no gated tag, no gated class (the class the use case's scoring
 * gives the expected answer; extract's per-field gates name fields, not classes). Wrong answers there
 * leave the gates standing.
 */
function ungated(c: Case): boolean {
  const tags = new Set([...criteria.metrics.flatMap((m) => (m.tag ? [m.tag] : [])), 'adversarial', 'regression']);
  const gatedClasses = new Set(criteria.metrics.flatMap((m) => (m.class && classes.includes(m.class) ? [m.class] : [])));
  const expectedClass = scoreBaselineCase(c).expectedClass;
  return !c.tags.some((t) => tags.has(t)) && !(expectedClass !== undefined && expectedClass !== null && gatedClasses.has(expectedClass));
}

// Each defect needs cases a model can be right or wrong on: a pilot whose examples wait for labels has none.
describe.runIf(labelled).concurrent('issue 9: the gate cannot be fooled', () => {
  it('1. a timed-out call counts in latency p95 at the time it took', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    editCriteria(dir, /latency: \{ p95_ms: \d+ \}/, 'latency: { p95_ms: 1000 }');
    // Two calls hang past the 4 s timeout (long enough that no other call reaches it on a loaded CI
    // machine): 2 of n stays under max_error_rate, and p95 lands on them
    // (dropping them, as before, left only the fast calls: a pass).
    const slow = new Set(
      dataset.cases
        .filter(ungated)
        .slice(0, 2)
        .map((c) => c.id),
    );
    const { env } = await model({ answer: oracle('right'), delayFor: (m) => (slow.has(caseOf(m)?.id ?? '') ? 12_000 : 0) }, { PILOT_MODEL_TIMEOUT_MS: '4000', PILOT_MODEL_MAX_RETRIES: '0' });
    const run = await runEval(dir, [], env);
    const latency = gateOf(run, 'latency_p95_ms');
    const failed = run.report?.pipeline?.failedLatencies ?? 0;
    expect(failed, run.stdout).toBeGreaterThanOrEqual(2);
    expect(latency?.status, run.stdout).toBe('FAIL');
    expect(latency?.actual).toBeGreaterThanOrEqual(4000);
    expect(run.stdout).toMatch(new RegExp(`^ {2}FAIL +latency p95 <= 1000 ms: [^(]+ \\(includes ${failed} failed or timed-out call\\(s\\) at the time they took\\)$`, 'm'));
    expect(run.code).toBe(1);
  });

  it('2. with no token counts from the API, the cost gate is inconclusive, never $0', { timeout: TIMEOUT }, async () => {
    const { env } = await model({ answer: oracle('right'), usage: false }, { PILOT_PRICE_INPUT_PER_MTOK: '2.5', PILOT_PRICE_OUTPUT_PER_MTOK: '10' });
    const run = await runEval(workspace(), [], env);
    expect(run.code, run.stdout).toBe(2);
    expect(gateOf(run, 'cost_per_case_usd')).toMatchObject({ status: 'INCONCLUSIVE', actual: null });
    expect(run.stdout).toContain(
      `INCONCLUSIVE cost per case <= $${criteria.cost.per_case_usd_max}: n/a (the API reported no token counts (usage) for ${n} of ${n} answer(s): cost cannot be measured, and is not $0)`,
    );
  });

  it("3. beat_baseline on one class (or tag) is tested on that class's (tag's) cases only", { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    // The class (or, without classes, the tag) where the baseline misses fewest but at least one case.
    const groups =
      classes.length > 0
        ? classes.map((cls) => ({
            rule: `{ metric: recall, class: ${cls}, margin: 0.1, alpha: 0.05 }`,
            basis: `expecting "${cls}"`,
            cases: dataset.cases.filter((c) => scoreBaselineCase(c).expectedClass === cls),
          }))
        : [...new Set(dataset.cases.flatMap((c) => c.tags))].map((tag) => ({
            rule: `{ metric: pass_rate, tag: ${tag}, margin: 0.1, alpha: 0.05 }`,
            basis: `tagged "${tag}"`,
            cases: dataset.cases.filter((c) => c.tags.includes(tag)),
          }));
    const misses = (g: (typeof groups)[number]) => g.cases.filter((c) => !baselinePasses.has(c.id)).length;
    const group = groups.filter((g) => misses(g) > 0).sort((a, b) => misses(a) - misses(b))[0];
    if (!group) throw new Error('the baseline misses no case: nothing to beat');
    editCriteria(dir, /^beat_baseline: .*$/m, `beat_baseline: ${group.rule}`);
    const { env } = await model({ answer: oracle('right') });
    const run = await runEval(dir, [], env);
    const b = misses(group);
    const allCasesB = n - baselinePasses.size;
    expect(b).toBeLessThan(allCasesB); // on all cases the lead would look far stronger
    expect(run.report?.beatBaseline).toMatchObject({ cases: group.cases.length, mcnemar: { b, c: 0, pValue: Math.min(1, 2 / 2 ** b) } });
    expect(run.stdout).toContain(`on the ${group.cases.length} cases ${group.basis}`);
    // 2 / 2^b: not significant at 0.05 for b <= 5, so the lead is not a pass.
    if (b <= 5) {
      expect(run.report?.beatBaseline?.status).toBe('INCONCLUSIVE');
      expect(run.code).toBe(2);
    }
  });

  it('4. the answer cache is keyed by endpoint and by the model version the API reports', { timeout: timeoutFor(4) }, async () => {
    const dir = workspace();
    const rightOptions: LoopbackOptions = { answer: oracle('right') };
    const right = await model(rightOptions);
    const first = await runEval(dir, [], right.env);
    expect(first.code, first.stdout).toBe(0);
    // The same model name at another endpoint: nothing stale is reused.
    const wrong = await model({ answer: oracle('wrong') });
    const second = await runEval(dir, [], wrong.env);
    expect(pipelineCalls(wrong.server)).toBe(n);
    expect(second.report?.model?.cache.hits).toBe(0);
    expect(second.stdout).toContain(`0 of ${n} answers from cache`);
    expect(second.code).toBe(1);
    // A new model snapshot behind the same name and endpoint: the probe learns it, every answer is asked again.
    rightOptions.reportedModel = 'loopback-model-2027-01-01';
    const third = await runEval(dir, [], right.env);
    expect(third.report?.model?.cache.hits).toBe(0);
    const fourth = await runEval(dir, [], right.env);
    expect(fourth.report?.model?.cache.hits).toBe(n - 1);
  });

  it('5. the same input under another id is refused (exit 3), naming both ids', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const file = join(dir, dataset.files[0] ?? '');
    const [line] = readFileSync(file, 'utf8').split('\n');
    const original = JSON.parse(line ?? '{}');
    const upper = (v: unknown): unknown => (typeof v === 'string' ? ` ${v.toUpperCase()}  ` : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upper(x)])) : v);
    appendFileSync(file, `\n${JSON.stringify({ ...original, id: 'copy-1', input: upper(original.input) })}\n`);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`case "copy-1" has the same input as case "${original.id}"`);
    expect(run.reportDir).toBeNull();
  });

  it('6. a lead of exactly the margin is not failed by floating point', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    // The pipeline gets right what the baseline gets right, plus k more: a lead of exactly k/m over m
    // cases, written as a short decimal. Prefer a k where floating point says (b0+k)/m - b0/m < k/m
    // (e.g. 21/30 - 18/30 = 0.09999999999999998). When no k/n over all n cases is a short decimal
    // (n = 26), drop baseline-passing cases from the workspace until one is (26 - 1 = 25).
    const shortDecimal = (k: number, m: number) => Number.isInteger((k * 10_000) / m);
    const passing = dataset.cases.filter((c) => baselinePasses.has(c.id));
    const misses = n - passing.length;
    let drop = 0;
    let k: number | undefined;
    for (; drop <= passing.length && n - drop >= criteria.dataset.min_cases; drop++) {
      const m = n - drop;
      const b0 = passing.length - drop;
      const ks = Array.from({ length: misses }, (_, i) => i + 1).filter((x) => shortDecimal(x, m));
      k = ks.find((x) => (b0 + x) / m - b0 / m < x / m) ?? ks[0];
      if (k !== undefined) break;
    }
    if (k === undefined) throw new Error(`no lead k/m over ${n} cases or fewer is a short decimal`);
    const dropped = new Set(passing.slice(0, drop).map((c) => c.id));
    for (const file of dataset.files) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n');
      const kept = lines.filter((line) => !line.trim() || !dropped.has((JSON.parse(line) as { id: string }).id));
      writeFileSync(join(dir, file), kept.join('\n'));
    }
    const m = n - drop;
    const margin = String(k / m);
    editCriteria(dir, /^beat_baseline: .*$/m, `beat_baseline: { metric: accuracy, margin: ${margin}, alpha: 0.05 }`);
    const extra = new Set(
      dataset.cases
        .filter((c) => !baselinePasses.has(c.id))
        .slice(0, k)
        .map((c) => c.id),
    );
    const { env } = await model({ answer: answering((c) => baselinePasses.has(c.id) || extra.has(c.id)) });
    const run = await runEval(dir, [], env);
    const gate = run.report?.beatBaseline;
    expect(run.report?.baseline.summary.n).toBe(m);
    expect(gate?.mcnemar).toMatchObject({ b: k, c: 0 });
    // Exactly at the margin: the interval of the difference straddles it, so the gate cannot decide; never FAIL.
    expect(gate?.status, run.stdout).toBe('INCONCLUSIVE');
    expect(run.stdout).toMatch(new RegExp(`INCONCLUSIVE +beats baseline on accuracy by >= ${margin.replace('.', '\\.')} .*ahead by ${Number((k / m).toFixed(4))}`));
  });

  it('7. the lock covers the gates, is required in CI, and its removal is noticed', { timeout: timeoutFor(5) }, async () => {
    const ciUnlocked = await runEval(workspace(), [], { CI: 'true' });
    expect(ciUnlocked.code).toBe(2);
    expect(ciUnlocked.stdout).toMatch(/^inconclusive: not locked, and CI=true requires the lock/m);

    const dir = workspace();
    expect((await runEval(dir, ['--lock'])).code).toBe(0);
    const { env } = await model({ answer: oracle('right') });
    const locked = await runEval(dir, [], { ...env, CI: 'true' });
    expect(locked.code, locked.stdout).toBe(0);

    // Loosening a threshold after the lock stops the run.
    const text = readFileSync(join(dir, 'success-criteria.yaml'), 'utf8');
    editCriteria(dir, /^latency: \{ p95_ms: \d+ \}/m, 'latency: { p95_ms: 999999 }');
    const loosened = await runEval(dir, [], env);
    expect(loosened.code).toBe(3);
    expect(loosened.stderr).toMatch(/^success-criteria\.yaml: the gates changed since they were locked/m);

    // Deleting the lock is noticed, locally too: a locked run is on record.
    writeFileSync(join(dir, 'success-criteria.yaml'), text.replace(/^lock:\n(?: {2}.*\n?)+/m, ''));
    const removed = await runEval(dir, [], env);
    expect(removed.code).toBe(2);
    expect(removed.stdout).toMatch(/^inconclusive: the lock was removed from success-criteria\.yaml/m);
  });

  it('8. JUnit of a cleared run has one test per gate and no failures for wrongly answered cases', { timeout: TIMEOUT }, async () => {
    const wrongCase = dataset.cases.find(ungated);
    if (!wrongCase) throw new Error('every case is gated by tag or class');
    const dir = workspace();
    // This test is about JUnit for a wrongly answered case: the latency budget must not fail the run
    // on a loaded machine (8b fails a gate on purpose).
    editCriteria(dir, /latency: \{ p95_ms: \d+ \}/, 'latency: { p95_ms: 600000 }');
    const { env } = await model({ answer: answering((c) => c.id !== wrongCase.id) });
    const run = await runEval(dir, [], env);
    expect(run.code, run.stdout).toBe(0);
    const junit = readFileSync(join(run.reportDir ?? '', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuite name="gates" tests="(\d+)" failures="0" errors="0">/);
    expect(junit.match(/<testcase /g)?.length).toBe(run.report?.gates.length);
    expect(junit).not.toMatch(/<failure/);
    expect(junit).toContain(`<property name="case.${wrongCase.id}" value="fail"/>`);
  });

  it('8b. JUnit fails exactly the gate that failed', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    editCriteria(dir, /latency: \{ p95_ms: \d+ \}/, 'latency: { p95_ms: 1 }');
    const { env } = await model({ answer: oracle('right'), delayMs: 5 });
    const run = await runEval(dir, [], env);
    expect(run.code).toBe(1);
    const junit = readFileSync(join(run.reportDir ?? '', 'junit.xml'), 'utf8');
    expect(junit.match(/<failure /g)?.length).toBe(1);
    expect(junit).toMatch(/<testcase classname="eval\.gates" name="latency p95 &lt;= 1 ms"><failure /);
  });

  it('9. a YAML alias bomb in success-criteria.yaml exits 3 naming the file and the reason, no stack', { timeout: TIMEOUT }, async () => {
    const dir = workspace();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    writeFileSync(join(dir, 'success-criteria.yaml'), `${levels.join('\n')}\n`);
    const run = await runEval(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^success-criteria\.yaml: refused: its YAML aliases expand too far/m);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('repeats: --repeat N asks each case N times, its pass rate feeds the metrics, and flaky cases are named', { timeout: TIMEOUT }, async () => {
    const flakyCase = dataset.cases.find(ungated);
    if (!flakyCase) throw new Error('every case is gated by tag or class');
    let asked = 0;
    const right = oracle('right');
    const { server, env } = await model({
      answer: (messages) => {
        if (caseOf(messages)?.id !== flakyCase.id) return right(messages);
        asked += 1;
        return asked === 2 ? oracle('wrong')(messages) : right(messages);
      },
    });
    const run = await runEval(workspace(), ['--repeat', '3'], env);
    expect(pipelineCalls(server)).toBe(3 * n);
    expect(run.report?.repeat).toBe(3);
    expect(run.report?.flaky).toEqual([flakyCase.id]);
    expect(run.stdout).toContain(`flaky (answers differed across 3 asks): ${flakyCase.id}`);
    // One ask in three wrong: the case adds 2/3 to accuracy, so n stays the number of cases.
    expect(run.report?.pipeline?.metrics.accuracy).toMatchObject({ n, exact: { num: 3 * n - 1, den: 3 * n } });
  });

  it('regression: no_new_failures fails when a regression-tagged case that passed in the last cleared run fails now', { timeout: timeoutFor(2) }, async () => {
    const dir = workspace();
    const regression = dataset.cases.find((c) => c.tags.includes('regression'));
    const tag = regression ? 'regression' : (dataset.cases[0]?.tags[0] ?? 'happy');
    const target = regression ?? dataset.cases[0];
    if (criteria.no_new_failures?.tag !== tag) editCriteria(dir, /^no_new_failures: .*$/m, `no_new_failures: { tag: ${tag} }`);
    const right = await model({ answer: oracle('right') });
    expect((await runEval(dir, [], right.env)).code).toBe(0);
    const broken = await model({ answer: answering((c) => c.id !== target?.id) });
    const run = await runEval(dir, ['--no-cache'], broken.env);
    expect(run.code).toBe(1);
    expect(gateOf(run, `no_new_failures[${tag}]`)).toMatchObject({ status: 'FAIL', actual: 1 });
    expect(run.stdout).toContain(`passed in the last cleared run, fail now: ${target?.id}`);
  });
});

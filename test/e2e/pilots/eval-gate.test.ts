// The generated pilot's eval gate, run as its users would (`npm run eval`), against a loopback
// OpenAI-compatible server that lives here in the test code.
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countPixels, dumpDom, screenshot } from '../../support/chromium.js';
import { has } from '../../support/system-program.js';
import { rightAnswers, wrongAnswers } from '../../support/eval-answers.js';
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from '../../support/fake-openai.js';
import { type EvalCase, npmRun, readCases, scaffoldPilot } from '../../support/pilot.js';

const servers: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI(options);
  servers.push(server);
  return server;
}

// Each pilot keeps its own answer cache: the default sits in node_modules/.cache, which the pilots here share.
const cacheEnv = (dir: string) => ({ PILOT_EVAL_CACHE_DIR: join(dir, '.cache/model') });

const modelEnv = (server: FakeOpenAI, model: string, extra: Record<string, string> = {}) => ({
  OPENAI_BASE_URL: server.baseUrl,
  OPENAI_API_KEY: 'test-key',
  PILOT_MODEL: model,
  PILOT_PRICE_INPUT_PER_MTOK: '0.15',
  PILOT_PRICE_OUTPUT_PER_MTOK: '0.6',
  ...extra,
});

const reportDir = (dir: string, stdout: string) => join(dir, /report: (\S+)\/?\s*$/m.exec(stdout)?.[1] ?? 'missing-report-line');

describe.each(['classify', 'triage'])('the %s pilot’s eval gate', (useCase) => {
  let dir: string;
  let cases: EvalCase[];

  beforeAll(async () => {
    dir = await scaffoldPilot({ useCase });
    cases = await readCases(dir);
    // The owners' review, as a team does it once: CI (CI=true, as .ci/run sets) refuses an unlocked pilot.
    const lock = await npmRun(dir, 'eval', ['--lock']);
    if (lock.exitCode !== 0) throw new Error(lock.all);
  }, 120_000);

  it('exits 2 with no model configured, still scoring the baseline and naming the variables', { timeout: 120_000 }, async () => {
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(2);
    expect(run.all).toMatch(/OPENAI_BASE_URL/);
    expect(run.all).toMatch(/PILOT_MODEL/);
    const report = JSON.parse(await readFile(join(reportDir(dir, run.stdout), 'report.json'), 'utf8'));
    expect(JSON.stringify(report)).toMatch(/baseline/);
  });

  it('exits 0 when the model answers every case correctly, writes every report, and serves a rerun from the cache', { timeout: 180_000 }, async () => {
    const server = await fake({ answer: rightAnswers(cases) });
    const run = await npmRun(dir, 'eval', [], modelEnv(server, 'right-model', cacheEnv(dir)));
    expect(run.exitCode, run.all).toBe(0);
    const labelled = cases.filter((c) => c.expected).length;
    expect(server.calls).toBe(labelled);

    const reports = reportDir(dir, run.stdout);
    expect((await readdir(reports)).sort()).toEqual(expect.arrayContaining(['junit.xml', 'report.html', 'report.json', 'report.md']));
    const json = JSON.parse(await readFile(join(reports, 'report.json'), 'utf8'));
    expect(JSON.stringify(json)).toMatch(/PASS/);
    expect(await readFile(join(reports, 'junit.xml'), 'utf8')).toMatch(/<testsuite[\s>]/);
    expect((await readFile(join(reports, 'report.md'), 'utf8')).split('\n').slice(0, 5).join('\n')).toMatch(/PASS|cleared/i);

    // The rerun asks one question live (the probe that learns the model version the API reports); the rest come from the cache.
    const rerun = await npmRun(dir, 'eval', [], modelEnv(server, 'right-model', cacheEnv(dir)));
    expect(rerun.exitCode, rerun.all).toBe(0);
    expect(server.calls).toBe(labelled + 1);
    expect(rerun.all).toContain(`${labelled - 1} of ${labelled} answers from cache`);
  });

  it('exits 1 when the model answers most cases wrongly', { timeout: 120_000 }, async () => {
    const server = await fake({ answer: wrongAnswers(cases) });
    const run = await npmRun(dir, 'eval', ['--no-cache'], modelEnv(server, 'wrong-model'));
    expect(run.exitCode, run.all).toBe(1);
  });

  it('exits 2 when the server fails every call', { timeout: 180_000 }, async () => {
    const server = await fake({ answer: rightAnswers(cases), failWith: 500 });
    const run = await npmRun(dir, 'eval', ['--no-cache'], modelEnv(server, 'broken-model', { PILOT_MODEL_MAX_RETRIES: '1' }));
    expect(run.exitCode, run.all).toBe(2);
  });

  it('retries on 429 and holds the concurrency cap', { timeout: 120_000 }, async () => {
    const server = await fake({ answer: rightAnswers(cases), rateLimitFirst: 3, latencyMs: 40 });
    const run = await npmRun(dir, 'eval', ['--no-cache'], modelEnv(server, 'busy-model', { PILOT_EVAL_CONCURRENCY: '3' }));
    expect(run.exitCode, run.all).toBe(0);
    expect(server.rateLimited).toBe(3);
    expect(server.maxInFlight).toBe(3);
  });
});

describe('the lock in CI', () => {
  it('makes an unlocked pilot inconclusive under CI=true, and a locked one is judged', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot();
    const server = await fake({ answer: rightAnswers(await readCases(dir)) });
    const unlocked = await npmRun(dir, 'eval', [], modelEnv(server, 'ci-model', { ...cacheEnv(dir), CI: 'true' }));
    expect(unlocked.exitCode, unlocked.all).toBe(2);
    expect(unlocked.all).toMatch(/not locked, and CI=true requires the lock/);
    expect((await npmRun(dir, 'eval', ['--lock'])).exitCode).toBe(0);
    const locked = await npmRun(dir, 'eval', [], modelEnv(server, 'ci-model', { ...cacheEnv(dir), CI: 'true' }));
    expect(locked.exitCode, locked.all).toBe(0);
  });
});

describe('bad cases stop the gate with exit 3', () => {
  it('reports a corrupt case line as file:line', { timeout: 120_000 }, async () => {
    const dir = await scaffoldPilot();
    const [first] = await readCases(dir);
    await appendFile(join(dir, 'evals/cases', first?.file ?? 'missing.jsonl'), '{"id": "broken", "input": \n');
    const lines = (await readFile(join(dir, 'evals/cases', first?.file ?? ''), 'utf8')).trimEnd().split('\n').length;
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(3);
    expect(run.all).toContain(`evals/cases/${first?.file}:${lines}:`);
  });

  it('refuses cases edited after --lock', { timeout: 120_000 }, async () => {
    const dir = await scaffoldPilot();
    const lock = await npmRun(dir, 'eval', ['--lock']);
    expect(lock.exitCode, lock.all).toBe(0);
    expect(await readFile(join(dir, 'success-criteria.yaml'), 'utf8')).toMatch(/^lock:\n {2}cases: [0-9a-f]{64}\n {2}criteria: [0-9a-f]{64}$/m);
    const [first] = await readCases(dir);
    const file = join(dir, 'evals/cases', first?.file ?? '');
    await writeFile(file, (await readFile(file, 'utf8')).replace(first?.id ?? '', `${first?.id}-edited`));
    const run = await npmRun(dir, 'eval');
    expect(run.exitCode, run.all).toBe(3);
  });
});

describe.runIf(has('chromium', 'the HTML report in headless Chromium'))('the HTML report', () => {
  it('opens in headless Chromium with its chart rendered', { timeout: 180_000 }, async () => {
    const dir = await scaffoldPilot();
    expect((await npmRun(dir, 'eval', ['--lock'])).exitCode).toBe(0);
    const server = await fake({ answer: rightAnswers(await readCases(dir)) });
    const run = await npmRun(dir, 'eval', [], modelEnv(server, 'chart-model', cacheEnv(dir)));
    expect(run.exitCode, run.all).toBe(0);
    const html = join(reportDir(dir, run.stdout), 'report.html');

    const dom = await dumpDom(html);
    const svg = /<svg[^>]*metric-chart[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
    expect(svg.match(/<(rect|line)\b/g)?.length ?? 0).toBeGreaterThan(3);

    // The chart alone, screenshotted: a blank or broken SVG would leave the page white.
    const chartOnly = join(dir, 'chart-only.html');
    await writeFile(chartOnly, `<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
    const png = await screenshot(chartOnly, join(dir, 'chart.png'), '1000,700');
    const white = countPixels(png, [255, 255, 255], 8);
    expect(png.width * png.height - white).toBeGreaterThan(2_000);
    await screenshot(html, join(dir, 'report.png'));
  });
});

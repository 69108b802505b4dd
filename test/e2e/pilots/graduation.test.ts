// Readiness and graduation as a team meets them in a generated pilot: the scaffolder's table is the
// pilot's own verdict on itself, and the graduation page, opened in headless Chromium, shows the
// eval report's numbers.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countPixels, dumpDom, screenshot } from '../../support/chromium.js';
import { has } from '../../support/system-program.js';
import { rightAnswers } from '../../support/eval-answers.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../support/fake-openai.js';
import { linkSharedDependencies, npmRun, readCases } from '../../support/pilot.js';
import { runCli, workDir } from '../../support/run-cli.js';

const servers: FakeOpenAI[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const LABELS: Record<string, string> = { 'success criteria': 'success_criteria' };

/** The rows the scaffolder printed under "Readiness (...)": dimension -> status. */
function printedTable(stdout: string): Record<string, string> {
  const block = stdout.slice(stdout.indexOf('Readiness ('));
  const rows: Record<string, string> = {};
  for (const line of block.split('\n').slice(1)) {
    const match = /^ {2}(data|evals|integration|ownership|success criteria|framing) +(ready|not yet|missing)\b/.exec(line);
    if (match?.[1] && match[2]) rows[LABELS[match[1]] ?? match[1]] = match[2];
  }
  return rows;
}

/** The README's readiness table: dimension -> status. */
function readmeTable(readme: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const match of readme.matchAll(/^\| (data|evals|integration|ownership|success criteria|framing) \| (ready|not yet|missing) \|/gm)) {
    if (match[1] && match[2]) rows[LABELS[match[1]] ?? match[1]] = match[2];
  }
  return rows;
}

describe('readiness and graduation in a generated pilot', () => {
  it('prints the fresh pilot’s readiness once, as the pilot itself and its README score it; the graduation page carries the report’s numbers', { timeout: 300_000 }, async () => {
    const cwd = await workDir('file');
    const scaffold = await runCli(['pilot', '--owner', '@acme/e2e', '--no-install', '--no-git'], cwd);
    expect(scaffold.exitCode, scaffold.all).toBe(0);
    expect(scaffold.stdout.match(/^Readiness \(/gm)).toHaveLength(1);
    const dir = join(cwd, 'pilot');
    await linkSharedDependencies(dir);

    const printed = printedTable(scaffold.stdout);
    expect(Object.keys(printed)).toHaveLength(6);
    expect(Object.values(printed)).not.toContain('ready');
    const own = await npmRun(dir, 'readiness', ['--json']);
    expect(own.exitCode, own.all).toBe(0);
    const pilotSays = Object.fromEntries(Object.entries(JSON.parse(own.stdout) as Record<string, { status: string }>).map(([k, v]) => [k, v.status]));
    expect(printed).toEqual(pilotSays);
    expect(readmeTable(await readFile(join(dir, 'README.md'), 'utf8'))).toEqual(pilotSays);

    // A locked run that clears the bar, at a monthly volume the page turns into money and hours.
    await appendFile(join(dir, 'success-criteria.yaml'), 'volume_per_month: 12000\n');
    expect((await npmRun(dir, 'eval', ['--lock'])).exitCode).toBe(0);
    const server = await startFakeOpenAI({ answer: rightAnswers(await readCases(dir)) });
    servers.push(server);
    const env = {
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'test-key',
      PILOT_MODEL: 'graduation-model',
      PILOT_PRICE_INPUT_PER_MTOK: '0.15',
      PILOT_PRICE_OUTPUT_PER_MTOK: '0.6',
      PILOT_EVAL_CACHE_DIR: join(dir, '.cache/model'),
    };
    const run = await npmRun(dir, 'eval', [], env);
    expect(run.exitCode, run.all).toBe(0);
    const reportDir = /^report: (\S+)\/$/m.exec(run.stdout)?.[1] ?? 'missing';
    const report = JSON.parse(await readFile(join(dir, reportDir, 'report.json'), 'utf8'));

    const page = await npmRun(dir, 'graduation');
    expect(page.exitCode, page.all).toBe(0);
    const html = join(dir, 'evals/reports/graduation.html');
    if (!has('chromium', 'reading the graduation page in headless Chromium')) return;
    const dom = await dumpDom(html);
    const cell = (re: RegExp) => re.exec(dom)?.[1];
    const value = (attrs: string) => Number(cell(new RegExp(`<td class="num" data-value="([^"]*)"${attrs}`)));

    expect(cell(/data-verdict="([^"]+)"/)).toBe('cleared');
    const gated = (report.metrics as Array<{ key: string; gate: unknown; pipeline: { value: number }; baseline: { value: number } }>).filter((m) => m.gate);
    expect(gated.length).toBeGreaterThan(0);
    for (const m of gated) {
      const row = new RegExp(`<tr data-metric="${m.key.replace(/[[\]]/g, '\\$&')}">.*?</tr>`).exec(dom)?.[0] ?? '';
      expect(Number(/data-value="([^"]*)" data-col="pipeline"/.exec(row)?.[1]), m.key).toBe(m.pipeline.value);
      expect(Number(/data-value="([^"]*)" data-col="baseline"/.exec(row)?.[1]), m.key).toBe(m.baseline.value);
    }
    const costRow = /<tr data-row="cost-per-case">.*?<\/tr>/.exec(dom)?.[0] ?? '';
    const [pipelineCost, baselineCost] = [...costRow.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]));
    expect(pipelineCost).toBe(report.pipeline.costPerCaseUsd);
    expect(baselineCost).toBe(report.baseline.declared.costPerCaseUsd);
    const monthRow = /<tr data-row="cost-per-month">.*?<\/tr>/.exec(dom)?.[0] ?? '';
    expect([...monthRow.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]))).toEqual([
      report.pipeline.costPerCaseUsd * 12000,
      report.baseline.declared.costPerCaseUsd * 12000,
    ]);
    expect(cell(/data-field="dataset-sha256">([0-9a-f]{64})</)).toBe(report.dataset.sha256);
    expect(cell(/data-field="model">([^<]+)</)).toBe('graduation-model');
    expect(cell(/data-field="run-at">([^<]+)</)).toBe(report.generatedAt);
    expect(cell(/class="paired" data-value="([^"]*)"/)).toBe(String(report.beatBaseline.actual));
    expect(value('')).not.toBeNaN();

    // Rendered, it is a page and not a blank: text and tables reach the pixels.
    const png = await screenshot(html, join(dir, 'graduation.png'), '1000,1800');
    expect(png.width * png.height - countPixels(png, [255, 255, 255], 8)).toBeGreaterThan(20_000);
  });
});

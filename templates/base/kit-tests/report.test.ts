import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flipsSince, lastClearedRun } from '../../src/kit/evals/compare.js';
import { judgeMetric } from '../../src/kit/evals/gates.js';
import { type CaseOutcome, summarize } from '../../src/kit/evals/metrics.js';
import { type Report, reportDirName, writeReport } from '../../src/kit/evals/report.js';
import { durationText } from '../../src/kit/evals/report-format.js';
import { tempDir } from './helpers/temp-dir.js';

const outcome = (id: string, pass: boolean, tags = ['happy']): CaseOutcome & { output: unknown } => ({
  id,
  tags,
  status: 'ok',
  pass,
  expectedClass: 'a',
  actualClass: pass ? 'a' : 'b',
  latencyMs: 100,
  output: { label: pass ? 'a' : 'b' },
});

function sampleReport(verdict: Report['verdict'] = 'not_cleared', pipelinePass = [true, true, false]): Report {
  const pipeline = pipelinePass.map((pass, i) => outcome(`c${i}`, pass, i === 2 ? ['adversarial', 'pii'] : ['happy']));
  const baseline = pipelinePass.map((_, i) => outcome(`c${i}`, i === 0));
  const ps = summarize(pipeline, ['a', 'b']);
  const bs = summarize(baseline, ['a', 'b']);
  const gate = judgeMetric({ id: 'accuracy', min: 0.7, judge_on: 'point' }, ps);
  const baselineGate = judgeMetric({ id: 'accuracy', min: 0.7, judge_on: 'point' }, bs);
  return {
    schema: 2,
    generatedAt: '2026-11-26T01:02:03.456Z',
    useCase: 'classify',
    verdict,
    exitCode: verdict === 'cleared' ? 0 : 1,
    blockers: [],
    modelMissing: false,
    dataset: { path: 'evals/cases', files: ['evals/cases/x.jsonl'], cases: 3, minCases: 1, sha256: 'f'.repeat(64), locked: false, lock: null },
    repeat: 1,
    flaky: [],
    model: { name: 'm', concurrency: 4, price: null, cache: { enabled: false, dir: null, hits: 0, asks: 3 } },
    baseline: { name: 'keywords <b>', declared: { costPerCaseUsd: 0.4, latencyP50Ms: 60_000 }, summary: bs },
    pipeline: ps,
    gates: [gate, { key: 'latency_p95_ms', gate: 'latency p95 <= 4000 ms', status: 'PASS', actual: 100, threshold: 4000 }],
    beatBaseline: null,
    metrics: [{ key: 'accuracy', pipeline: ps.metrics.accuracy ?? null, baseline: bs.metrics.accuracy ?? null, delta: 1 / 3, gate, baselineGate }],
    tags: ps.tags.map((tag) => ({ tag, n: 1, pipeline: ps.metrics[`pass_rate[${tag}]`] ?? null, baseline: bs.metrics[`pass_rate[${tag}]`] ?? null, delta: null })),
    comparedTo: null,
    flips: [],
    cases: pipeline.map((p, i) => ({ id: p.id, tags: p.tags, expected: { label: 'a' }, baseline: baseline[i] as typeof p, pipeline: p })),
  };
}

describe('report files', () => {
  it('writes json, md, html and junit into a timestamped folder', () => {
    const root = tempDir('reports');
    const dir = writeReport(sampleReport(), root);
    expect(dir).toBe(join(root, '2026-11-26T01-02-03Z'));
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    // a second run in the same second gets its own folder
    expect(writeReport(sampleReport(), root)).toBe(join(root, '2026-11-26T01-02-03Z-2'));
    expect(reportDirName('2026-11-26T01:02:03.456Z', root)).toBe('2026-11-26T01-02-03Z-3');
  });

  it('puts the verdict first in markdown, then the failing cases', () => {
    const dir = writeReport(sampleReport(), tempDir('reports'));
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md.split('\n')[2]).toBe('**Verdict: NOT CLEARED** (exit 1)');
    expect(md.indexOf('## Failing cases')).toBeLessThan(md.indexOf('## Metrics'));
    expect(md).toMatch(/\| `c2` \| adversarial, pii \|/);
  });

  it('prints durations in human units: a 4-hour baseline as 4 h, the pipeline in ms', () => {
    const report = sampleReport();
    report.baseline.declared.latencyP50Ms = 14_400_000;
    const dir = writeReport(report, tempDir('reports'));
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/\| baseline: keywords <b> \(declared\) \| 4 h \| n\/a \|/);
    expect(md).toMatch(/\| pipeline: m \| 100 ms \| 100 ms \|/);
    expect(md).toMatch(/PASS: latency p95 <= 4000 ms: 100 ms/);
    expect(md).not.toContain('14400000');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('4 h');
    expect(html).not.toContain('14400000');
  });

  it('picks the unit by size', () => {
    const cases: Array<[number | null, string]> = [
      [0.42, '0.42 ms'],
      [156.3, '156 ms'],
      [999, '999 ms'],
      [1_234, '1.2 s'],
      [45_600, '46 s'],
      [90_000, '1.5 min'],
      [5_400_000, '1.5 h'],
      [14_400_000, '4 h'],
      [172_800_000, '2 d'],
      [null, 'n/a'],
    ];
    expect(cases.map(([ms]) => durationText(ms))).toEqual(cases.map(([, text]) => text));
  });

  it('renders a self-contained html page with one chart row per metric', () => {
    const dir = writeReport(sampleReport(), tempDir('reports'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/<svg class="metric-chart"/);
    expect(html).toMatch(/<rect class="value" data-metric="accuracy"/);
    expect(html).toMatch(/<line class="bar" data-metric="accuracy"/);
    expect(html).toMatch(/<line class="baseline" data-metric="accuracy"/);
    expect(html).toMatch(/<line class="ci" data-metric="accuracy"/);
    expect(html).toMatch(/<rect class="value" data-metric="latency_p95_ms"/);
    // nothing fetched from anywhere: no scripts, stylesheets, fonts or images by URL
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).toContain('keywords &lt;b&gt;');
  });

  it('writes junit with one test per gate, failing exactly the failed gates; cases as properties', () => {
    const dir = writeReport(sampleReport(), tempDir('reports'));
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="eval classify" tests="2" failures="1" errors="0">/);
    expect(xml).toMatch(/<testcase classname="eval.gates" name="accuracy &gt;= 0.7 \(point\)"><failure message="FAIL: 0.6667 vs 0.7"\/>/);
    expect(xml).toMatch(/<testcase classname="eval.gates" name="latency p95 &lt;= 4000 ms"><\/testcase>/);
    expect(xml).toContain('<property name="case.c2" value="fail"/>');
    expect(xml).toMatch(/<system-out>[^<]*c2 \[adversarial, pii\]: fail; expected/);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
  });

  it("writes a cleared run's junit without a single failure, whatever the cases", () => {
    const report = sampleReport('cleared');
    const cleared = { ...report, gates: report.gates.map((g) => ({ ...g, status: 'PASS' as const })) };
    const xml = readFileSync(join(writeReport(cleared, tempDir('reports')), 'junit.xml'), 'utf8');
    expect(xml).toMatch(/failures="0" errors="0"/);
    expect(xml).not.toMatch(/<failure|<error/);
    expect(xml).toContain('<property name="case.c2" value="fail"/>');
  });
});

describe('comparison with the last cleared run', () => {
  it('finds the newest cleared report and lists flipped cases', () => {
    const root = tempDir('reports');
    expect(lastClearedRun(root)).toBeNull();
    writeReport({ ...sampleReport('cleared', [true, false, true]), generatedAt: '2026-11-20T00:00:00.000Z' }, root);
    writeReport({ ...sampleReport('not_cleared'), generatedAt: '2026-11-21T00:00:00.000Z' }, root);
    const last = lastClearedRun(root);
    expect(last?.report.generatedAt).toBe('2026-11-20T00:00:00.000Z');
    const now = sampleReport('not_cleared', [true, true, false]);
    expect(flipsSince(last?.report ?? { generatedAt: '', verdict: '', cases: [] }, now.cases)).toEqual([
      { id: 'c1', was: 'fail', now: 'pass' },
      { id: 'c2', was: 'pass', now: 'fail' },
    ]);
  });
});

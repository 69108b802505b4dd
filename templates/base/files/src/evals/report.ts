/** Writes evals/reports/<timestamp>/report.json and report.md. Reports are git-ignored: they are run output. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateResult, Verdict } from './gates.js';
import type { CaseOutcome, Summary } from './metrics.js';

export const REPORTS_DIR = 'evals/reports';

export interface Report {
  schema: 1;
  generatedAt: string;
  useCase: string;
  verdict: Verdict;
  exitCode: number;
  /** Why the run is inconclusive regardless of the gates. */
  blockers: string[];
  dataset: { path: string; files: string[]; cases: number; minCases: number; sha256: string };
  baseline: { name: string; summary: Summary; metricGates: GateResult[] };
  pipeline: { model: string; summary: Summary; tokens: { prompt: number; completion: number } } | null;
  gates: GateResult[];
  /** Ids, labels and verdicts only: case text stays in evals/cases. */
  cases: Array<{ id: string; tags: string[]; expected: unknown; baseline: CaseOutcome & { output: unknown }; pipeline: (CaseOutcome & { output: unknown }) | null }>;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);

export function summaryLine(s: Summary): string {
  return `accuracy ${pct(s.accuracy)} (${s.passed}/${s.n}, 95% CI ${pct(s.ci95.low)}-${pct(s.ci95.high)})`;
}

export function gateLine(g: GateResult): string {
  const actual = g.actual === null ? 'n/a' : Math.abs(g.actual) >= 100 ? g.actual.toFixed(0) : Number(g.actual.toPrecision(4)).toString();
  return `${g.status.toUpperCase().padEnd(12)} ${g.gate}: ${actual}${g.note ? ` (${g.note})` : ''}`;
}

function markdown(r: Report): string {
  const lines = [
    `# Eval report: ${r.useCase}`,
    '',
    `- Verdict: **${r.verdict}** (exit ${r.exitCode})`,
    `- Generated: ${r.generatedAt}`,
    `- Dataset: ${r.dataset.cases} cases (min ${r.dataset.minCases}) in ${r.dataset.files.join(', ')}, sha256 \`${r.dataset.sha256.slice(0, 12)}\``,
    ...r.blockers.map((b) => `- Inconclusive because: ${b}`),
    '',
    '| | accuracy | 95% CI | invalid | errors | p50 ms | p95 ms | cost/case |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const row = (name: string, s: Summary) =>
    `| ${name} | ${pct(s.accuracy)} (${s.passed}/${s.n}) | ${pct(s.ci95.low)}-${pct(s.ci95.high)} | ${s.invalid} | ${s.errors} | ${s.latencyP50Ms?.toFixed(0) ?? 'n/a'} | ${s.latencyP95Ms?.toFixed(0) ?? 'n/a'} | ${s.costPerCaseUsd === null ? 'n/a' : `$${s.costPerCaseUsd.toFixed(5)}`} |`;
  lines.push(row(`baseline: ${r.baseline.name} (latency and cost as declared)`, r.baseline.summary));
  if (r.pipeline) lines.push(row(`pipeline: ${r.pipeline.model}`, r.pipeline.summary));
  lines.push('', '## Gates', '');
  if (r.gates.length === 0) lines.push('Not judged: the pipeline was not scored.');
  lines.push(...r.gates.map((g) => `- ${gateLine(g)}`));
  lines.push('', '## Baseline against the metric gates', '', ...r.baseline.metricGates.map((g) => `- ${gateLine(g)}`));
  const failures = r.cases.filter((c) => c.pipeline && !c.pipeline.pass);
  lines.push('', '## Pipeline misses', '');
  if (!r.pipeline) lines.push('Not scored.');
  else if (failures.length === 0) lines.push('None.');
  for (const c of failures) {
    lines.push(`- \`${c.id}\` [${c.tags.join(', ')}] expected ${JSON.stringify(c.expected)}, got ${c.pipeline?.status} ${JSON.stringify(c.pipeline?.output ?? null)}${c.pipeline?.detail ? `: ${c.pipeline.detail}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Returns the report directory. The timestamp is filesystem-safe and sorts in time order. */
export function writeReport(report: Report, root = REPORTS_DIR): string {
  const dir = join(root, report.generatedAt.replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), markdown(report));
  return dir;
}

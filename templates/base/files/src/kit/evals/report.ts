/**
 * The eval report: one object (report.json) rendered three more ways (report.md, report.html,
 * junit.xml) into evals/reports/<timestamp>/. Reports are git-ignored: they are run output.
 * Case text never goes in a report (it stays in evals/cases): ids, labels and verdicts only.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BeatBaselineResult, GateResult, Verdict } from './gates.js';
import type { Estimate, Summary } from './metrics.js';
import { renderHtml } from './report-html.js';
import { renderJunit } from './report-junit.js';
import { renderMarkdown } from './report-md.js';
import type { Scored } from './score-cases.js';

export const REPORTS_DIR = 'evals/reports';

export interface MetricRow {
  key: string;
  pipeline: Estimate | null;
  baseline: Estimate | null;
  /** pipeline - baseline, point values. */
  delta: number | null;
  /** The gate on this metric, judged on the pipeline, if the criteria name one. */
  gate: GateResult | null;
  /** The same gate judged on the baseline: what the current process would score. */
  baselineGate: GateResult | null;
}

export interface CaseRow {
  id: string;
  tags: string[];
  expected: unknown;
  baseline: Scored;
  pipeline: Scored | null;
  /** Against the last cleared run: `fixed` (failed then, passes now) or `broke`. */
  flip?: 'fixed' | 'broke' | undefined;
}

export interface Flip {
  id: string;
  was: 'pass' | 'fail';
  now: 'pass' | 'fail';
}

export interface Report {
  schema: 2;
  generatedAt: string;
  useCase: string;
  verdict: Verdict;
  exitCode: number;
  /** Why the run is inconclusive regardless of the gates. */
  blockers: string[];
  /** No model configured at all (not a bad setting): the one inconclusive run CI may let through. */
  modelMissing: boolean;
  dataset: { path: string; files: string[]; cases: number; minCases: number; sha256: string; locked: boolean; lock: { cases: string; criteria: string } | null };
  /** Asks per case (`--repeat`, or `repeat` in the criteria). */
  repeat: number;
  /** Cases whose answers differed across repeats. */
  flaky: string[];
  model: {
    name: string;
    concurrency: number;
    price: { source: string; inputPerMTokUsd: number; outputPerMTokUsd: number } | null;
    /** hits of asks answered from the cache. */
    cache: { enabled: boolean; dir: string | null; hits: number; asks: number };
  } | null;
  baseline: { name: string; declared: { costPerCaseUsd: number; latencyP50Ms: number }; summary: Summary };
  pipeline: Summary | null;
  /**
   * The judge's run (PILOT_JUDGE_MODEL): questions asked, and those that failed (errors, answers that
   * were no verdict). null without a judge; optional so older reports still read.
   */
  judge?: { model: string; asked: number; errors: number; invalid: number; maxErrorRate: number } | null;
  /** Every gate judged on the pipeline: metric gates, beat_baseline, latency, cost. Empty without a model. */
  gates: GateResult[];
  beatBaseline: BeatBaselineResult | null;
  metrics: MetricRow[];
  /** Pass rate per tag, both systems: the same numbers as the pass_rate[tag] metric rows, as a table. */
  tags: Array<{ tag: string; n: number; pipeline: Estimate | null; baseline: Estimate | null; delta: number | null }>;
  comparedTo: { report: string; generatedAt: string } | null;
  flips: Flip[];
  cases: CaseRow[];
  /**
   * Wall time of this run's phases in ms: the pipeline over all cases (null without a model), the
   * baseline, and main() up to writing the report (Node and tsx start-up excluded). Optional so
   * older reports still read; `npm run bench` in the generator repo reads pipelineMs.
   */
  timing?: { pipelineMs: number | null; baselineMs: number; totalMs: number };
}

/** `2026-11-26T01-02-03Z`: filesystem-safe, sorts in time order; `-2`, `-3`... if a run already took the second. */
export function reportDirName(generatedAt: string, root: string): string {
  const stamp = generatedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  let name = stamp;
  for (let i = 2; existsSync(join(root, name)); i++) name = `${stamp}-${i}`;
  return name;
}

/** Writes report.json, report.md, report.html and junit.xml; returns the directory. */
export function writeReport(report: Report, root = REPORTS_DIR): string {
  const dir = join(root, reportDirName(report.generatedAt, root));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), renderMarkdown(report));
  writeFileSync(join(dir, 'report.html'), renderHtml(report));
  writeFileSync(join(dir, 'junit.xml'), renderJunit(report));
  return dir;
}

/**
 * "What changed since it last cleared the bar?": finds the most recent cleared run in
 * evals/reports and lists the cases whose pipeline verdict flipped since.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFile } from './input-file.js';
import type { Flip } from './report.js';

interface PastReport {
  generatedAt: string;
  verdict: string;
  dataset?: { locked?: boolean; sha256?: string };
  cases: Array<{ id: string; pipeline: { pass: boolean } | null }>;
}

/** Reports are this runner's own output, but read like any other file: bounded, regular files only. */
const REPORT_MAX_BYTES = 64 * 1024 * 1024;

function readReport(file: string, root: string): PastReport | null {
  try {
    const value = JSON.parse(readInputFile(file, 'report', REPORT_MAX_BYTES, root)) as Partial<PastReport>;
    return typeof value.generatedAt === 'string' && typeof value.verdict === 'string' && Array.isArray(value.cases) ? (value as PastReport) : null;
  } catch {
    return null; // an unreadable old report is skipped, not fatal
  }
}

/** The newest report under `root` with verdict `cleared`, or null. Directory names sort in time order. */
export function lastClearedRun(root: string): { dir: string; report: PastReport } | null {
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root).sort().reverse();
  for (const dir of dirs) {
    const report = readReport(join(root, dir, 'report.json'), root);
    if (report?.verdict === 'cleared') return { dir: join(root, dir), report };
  }
  return null;
}

/** The newest earlier run that was locked: a lock that existed and is gone now is noticed. */
export function lastLockedRun(root: string): { generatedAt: string; sha256: string } | null {
  if (!existsSync(root)) return null;
  for (const dir of readdirSync(root).sort().reverse()) {
    const report = readReport(join(root, dir, 'report.json'), root);
    if (report?.dataset?.locked) return { generatedAt: report.generatedAt, sha256: report.dataset.sha256 ?? '' };
  }
  return null;
}

/** Cases answered in both runs whose pass/fail changed. Cases new since then are not flips. */
export function flipsSince(previous: PastReport, current: ReadonlyArray<{ id: string; pipeline: { pass: boolean } | null }>): Flip[] {
  const before = new Map(previous.cases.flatMap((c) => (c.pipeline ? [[c.id, c.pipeline.pass] as const] : [])));
  return current.flatMap((c) => {
    const was = before.get(c.id);
    if (was === undefined || !c.pipeline || was === c.pipeline.pass) return [];
    return [{ id: c.id, was: was ? 'pass' : 'fail', now: c.pipeline.pass ? 'pass' : 'fail' } as Flip];
  });
}

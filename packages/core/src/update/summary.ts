import type { PathReport, ReportKind, UpdatePlan } from './plan-update.js';

export const SUMMARY_KINDS: readonly ReportKind[] = ['created', 'updated', 'merged', 'moved', 'conflicted', 'deleted', 'kept'];

export type UpdateSummary = Record<ReportKind, number>;

/** Counts by kind, every kind present, for the line every update ends with. */
export function summarizeUpdate(plan: Pick<UpdatePlan, 'report'>): UpdateSummary {
  const summary = Object.fromEntries(SUMMARY_KINDS.map((kind) => [kind, 0])) as UpdateSummary;
  for (const entry of plan.report) summary[entry.kind] += 1;
  return summary;
}

export function reportLine(entry: PathReport): string {
  const where = entry.from ? `${entry.from} -> ${entry.path}` : entry.path;
  return `${entry.kind.padEnd(10)} ${where}${entry.reason ? `  (${entry.reason})` : ''}`;
}

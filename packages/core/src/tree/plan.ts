import type { FileChange } from './tree.js';

/** What a run will do, as plain data: printed for --dry-run, applied otherwise. */
export interface Plan {
  /** Absolute path of the pilot's root. */
  targetDir: string;
  changes: FileChange[];
}

export interface PlanRow {
  path: string;
  type: FileChange['type'];
  bytes: number;
  origin: string;
}

export function planRows(plan: Plan): PlanRow[] {
  return plan.changes.map((change) => ({
    path: change.path,
    type: change.type,
    bytes: change.content?.length ?? 0,
    origin: change.origin,
  }));
}

export function planTotals(plan: Plan): { files: number; bytes: number } {
  return planRows(plan).reduce((totals, row) => ({ files: totals.files + 1, bytes: totals.bytes + row.bytes }), { files: 0, bytes: 0 });
}

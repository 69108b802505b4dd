import { type Plan, planRows, planTotals } from '@pilot-slice/core';
import type { Colors } from './io.js';

/** The plan as a table: path, size, the layer that wrote it. What --dry-run shows instead of writing. */
export function formatPlan(plan: Plan, shownTarget: string, pc: Colors): string {
  const rows = planRows(plan);
  const width = Math.max(...rows.map((row) => row.path.length), 4);
  const sizeWidth = Math.max(...rows.map((row) => formatBytes(row.bytes).length), 4);
  const lines = [`${pc.bold('path'.padEnd(width))}  ${pc.bold('size'.padStart(sizeWidth))}  ${pc.bold('layer')}`];
  for (const row of rows) {
    lines.push(`${row.path.padEnd(width)}  ${formatBytes(row.bytes).padStart(sizeWidth)}  ${pc.dim(row.origin)}`);
  }
  const totals = planTotals(plan);
  lines.push('', `${totals.files} files, ${formatBytes(totals.bytes)}, into ${shownTarget}`);
  return lines.join('\n');
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

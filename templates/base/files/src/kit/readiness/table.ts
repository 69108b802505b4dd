/** The readiness rows as a console table, a Markdown table (README, job summary, graduation) and JSON. */
import { DIMENSION_LABELS, type ReadinessRow } from './checks.js';

const HEAD = ['dimension', 'status', 'evidence', 'next step'];
const cells = (r: ReadinessRow) => [DIMENSION_LABELS[r.dimension], r.status, r.evidence, r.next ?? '-'];

export function readinessText(rows: readonly ReadinessRow[]): string {
  const body = rows.map(cells);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.slice().map((r) => (i < 2 ? (r[i] ?? '').length : 0))));
  // dimension and status are padded into columns; evidence and the next step are too long for one, so each gets its own line.
  const lines = [`${HEAD[0]?.padEnd(widths[0] ?? 0)}  ${HEAD[1]?.padEnd(widths[1] ?? 0)}  evidence -> next step`];
  for (const r of body) lines.push(`${r[0]?.padEnd(widths[0] ?? 0)}  ${r[1]?.padEnd(widths[1] ?? 0)}  ${r[2]}${r[3] === '-' ? '' : ` -> ${r[3]}`}`);
  return lines.join('\n');
}

const md = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function readinessMarkdown(rows: readonly ReadinessRow[]): string {
  return [`| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cells(r).map(md).join(' | ')} |`)].join('\n');
}

/** One key per dimension: `{ data: { status, evidence, next }, ... }`. */
export function readinessJson(rows: readonly ReadinessRow[]): Record<string, { status: string; evidence: string; next: string | null }> {
  return Object.fromEntries(rows.map((r) => [r.dimension, { status: r.status, evidence: r.evidence, next: r.next }]));
}

export const allReady = (rows: readonly ReadinessRow[]) => rows.every((r) => r.status === 'ready');

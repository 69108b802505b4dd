/**
 * The newest eval report on record (evals/reports/<time>/report.json), read as an untrusted input:
 * bounded, regular files only, and refused with the file and the reason when it is not a report,
 * because readiness and graduation draw conclusions from it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { InputError, displayPath, escapeExcerpt, readInputFile } from './input-file.js';
import { REPORTS_DIR, type Report } from './report.js';

const REPORT_MAX_BYTES = 64 * 1024 * 1024;

/** The fields conclusions are drawn from; the rest of a report is passed through as written. */
const reportShape = z.looseObject({
  schema: z.literal(2, { error: 'not a schema 2 eval report; run `npm run eval` again' }),
  generatedAt: z.string().min(1),
  verdict: z.enum(['cleared', 'not_cleared', 'inconclusive']),
  modelMissing: z.boolean(),
  dataset: z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), locked: z.boolean() }),
  model: z.looseObject({ name: z.string().min(1) }).nullable(),
});

export interface LastReport {
  /** The report folder, as the user would type it. */
  dir: string;
  report: Report;
}

/** Parses one report.json; InputError (exit 3) names the file when it is not a readable report. */
export function readReportFile(file: string, root = process.cwd()): Report {
  const text = readInputFile(file, 'eval report', REPORT_MAX_BYTES, root);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(
      `${displayPath(file, root)}: eval report is not valid JSON (${escapeExcerpt(err instanceof Error ? err.message : String(err), 80)}); delete the folder or run \`npm run eval\` again`,
    );
  }
  const parsed = reportShape.safeParse(value);
  if (!parsed.success) throw new InputError(`${displayPath(file, root)}: not an eval report (${escapeExcerpt(formatIssues(parsed.error).join('; '), 200)})`);
  return value as Report;
}

/** The newest run folder holding a report.json (folder names sort in time order), or null when there is none. */
export function lastReport(root = process.cwd(), reportsDir = REPORTS_DIR): LastReport | null {
  const dir = join(root, reportsDir);
  if (!existsSync(dir)) return null;
  const runs = readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'report.json')))
    .sort();
  const last = runs.at(-1);
  if (!last) return null;
  return { dir: `${reportsDir}/${last}`, report: readReportFile(join(dir, last, 'report.json'), root) };
}

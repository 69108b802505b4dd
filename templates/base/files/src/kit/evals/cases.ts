/**
 * Loads and validates the eval cases (evals/cases/*.jsonl, one JSON object per line).
 * Errors name the file and line, e.g. `evals/cases/classify.jsonl:7: expected.label: ...`,
 * so a bad case is fixed in seconds rather than hunted for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { inputSchema } from '../../pipeline.js';
import { expectedSchema } from '../../score.js';

export const caseSchema = z.strictObject({
  id: z.string().min(1),
  input: inputSchema,
  expected: expectedSchema,
  tags: z.array(z.string().min(1)).min(1, 'tag every case (happy, edge, adversarial, pii, regression, ...)'),
  source: z.string().min(1, 'say where the case came from'),
  criteria: z.array(z.string().min(1)).min(1, 'name at least one criterion the answer must meet'),
});

export type EvalCase = z.infer<typeof caseSchema>;

/** Cases that wait for a person to add `expected`: imported records, or examples the team's own labels no longer fit. */
export interface UnlabeledFile {
  file: string;
  lines: number[];
}

export interface Dataset {
  files: string[];
  /** The labelled cases: the only ones scored. */
  cases: EvalCase[];
  /** Not scored and not errors: the run is inconclusive until they are labelled (see unlabeledProblem). */
  unlabeled: UnlabeledFile[];
  /** Over file names and contents (line endings normalized): what `--lock` records. */
  sha256: string;
}

const display = (file: string) => relative(process.cwd(), file).split('\\').join('/') || file;

/** A directory means every *.jsonl in it, sorted; a file means that file. */
export function listCaseFiles(datasetPath: string): string[] {
  if (!existsSync(datasetPath)) throw new Error(`${datasetPath}: dataset path does not exist`);
  if (!statSync(datasetPath).isDirectory()) return [datasetPath];
  return readdirSync(datasetPath)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(datasetPath, name));
}

/** 1, 2, 3, 7 -> "1-3, 7": a file of 200 imported cases stays one readable line. */
function lineRanges(lines: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const start = lines[i] as number;
    while (i + 1 < lines.length && lines[i + 1] === (lines[i] as number) + 1) i += 1;
    ranges.push(start === lines[i] ? String(start) : `${start}-${lines[i]}`);
  }
  return ranges.join(', ');
}

/** Tagged `unlabeled`, or an object with an input but no `expected` yet. */
function isUnlabeled(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { tags, expected, input } = value as { tags?: unknown; expected?: unknown; input?: unknown };
  return (Array.isArray(tags) && tags.includes('unlabeled')) || (input !== undefined && expected === undefined);
}

/**
 * Parses one file's text. Blank lines are allowed; unlabeled cases are counted (not validated, not
 * scored); everything else must be a valid case.
 */
export function parseCases(file: string, text: string): { cases: Array<EvalCase & { line: number }>; errors: string[]; unlabeled: number[] } {
  const cases: Array<EvalCase & { line: number }> = [];
  const errors: string[] = [];
  const unlabeled: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      errors.push(`${display(file)}:${line}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    // Imported records (npm run cases:import) and examples shipped for another label set wait for a
    // person to label them: counted per file, rather than a schema error per line.
    if (isUnlabeled(value)) {
      unlabeled.push(line);
      return;
    }
    const parsed = caseSchema.safeParse(value);
    if (parsed.success) cases.push({ ...parsed.data, line });
    else errors.push(`${display(file)}:${line}: ${formatIssues(parsed.error).join('; ')}`);
  });
  return { cases, errors, unlabeled };
}

/**
 * One line naming how many cases wait for labels and where, or null: the eval is inconclusive and
 * readiness not ready while any do, because a gate over the labelled rest would judge the wrong set.
 */
export function unlabeledProblem(dataset: Pick<Dataset, 'unlabeled'>): string | null {
  const count = dataset.unlabeled.reduce((n, f) => n + f.lines.length, 0);
  if (count === 0) return null;
  const where = dataset.unlabeled.map((f) => `${f.file} lines ${lineRanges(f.lines)}`).join('; ');
  return `${count} unlabeled case(s) need labelling (${where}): add "expected" and remove the "unlabeled" tag on each, or move them out of the dataset`;
}

export function loadDataset(datasetPath: string): { dataset: Dataset; errors: string[] } {
  const hash = createHash('sha256');
  const cases: EvalCase[] = [];
  const errors: string[] = [];
  const unlabeled: UnlabeledFile[] = [];
  const seen = new Map<string, string>();
  let files: string[] = [];
  try {
    files = listCaseFiles(datasetPath);
  } catch (err) {
    errors.push(err instanceof Error ? err.message : String(err));
  }
  if (files.length === 0 && errors.length === 0) errors.push(`${datasetPath}: no .jsonl case files found`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    hash.update(`${display(file)}\0${text.replace(/\r\n/g, '\n')}\0`);
    const result = parseCases(file, text);
    errors.push(...result.errors);
    if (result.unlabeled.length > 0) unlabeled.push({ file: display(file), lines: result.unlabeled });
    for (const { line, ...evalCase } of result.cases) {
      const where = `${display(file)}:${line}`;
      const first = seen.get(evalCase.id);
      if (first) errors.push(`${where}: duplicate id "${evalCase.id}" (first at ${first})`);
      else seen.set(evalCase.id, where);
      cases.push(evalCase);
    }
  }
  return { dataset: { files: files.map(display), cases, unlabeled, sha256: hash.digest('hex') }, errors };
}

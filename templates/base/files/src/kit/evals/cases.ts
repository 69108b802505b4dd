/**
 * Loads and validates the eval cases (evals/cases/*.jsonl, one JSON object per line).
 * Errors name the file and line, e.g. `evals/cases/classify.jsonl:7: expected.label: ...`,
 * so a bad case is fixed in seconds rather than hunted for.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { CASE_FILE_MAX_BYTES, InputError, displayPath, escapeExcerpt, readInputFile, resolveInside } from './input-file.js';
import { inputSchema } from '../../pipeline.js';
import { expectedSchema } from '../../score.js';

export const caseSchema = z.strictObject({
  id: z.string().min(1),
  input: inputSchema,
  expected: expectedSchema,
  tags: z.array(z.string().min(1)).min(1, 'tag every case (happy, edge, adversarial, pii, regression, ...)'),
  source: z.string().min(1, 'say where the case came from'),
  criteria: z.array(z.string().min(1)).min(1, 'name at least one criterion the answer must meet'),
  // Who labelled the case and when (npm run cases:label records both; optional for cases written by hand).
  labelled_by: z.string().min(1).optional(),
  labelled_at: z.iso.datetime({ offset: true }).optional(),
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

const display = (file: string) => displayPath(file);

/**
 * A directory means every *.jsonl in it, sorted; a file means that file. Each is checked when read
 * (readInputFile): a directory, FIFO or dangling link named x.jsonl is refused there, with its name.
 */
export function listCaseFiles(datasetPath: string, root = process.cwd()): string[] {
  const { real, stats } = resolveInside(datasetPath, 'dataset path', root);
  if (!stats.isDirectory()) return [datasetPath];
  let names: string[];
  try {
    names = readdirSync(real);
  } catch (err) {
    throw new InputError(`${datasetPath}: dataset folder cannot be listed (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return names
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(datasetPath, name));
}

/**
 * JSON.parse's own message quotes the line; ours gives the column and a short escaped excerpt, so a
 * binary or hostile line cannot flood or garble the terminal.
 */
export function jsonProblem(raw: string, err: unknown): string {
  const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
  if (position === undefined) return `not valid JSON (starts "${escapeExcerpt(raw, 30)}")`;
  const at = Number(position);
  return `not valid JSON at column ${at + 1} (near "${escapeExcerpt(raw.slice(Math.max(0, at - 10), at + 10), 20)}")`;
}

/**
 * What makes two inputs "the same case": every string NFKC-normalised, lower-cased, whitespace
 * collapsed; object keys sorted. Copies under new ids would otherwise count as independent cases.
 */
export function inputFingerprint(input: unknown): string {
  const normal = (value: unknown): unknown => {
    if (typeof value === 'string') return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    if (Array.isArray(value)) return value.map(normal);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, normal((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(normal(input)))
    .digest('hex');
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

/** Tagged `unlabeled`, or an object with an input but no `expected` yet (absent, or `null` as a placeholder). */
export function isUnlabeled(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { tags, expected, input } = value as { tags?: unknown; expected?: unknown; input?: unknown };
  return (Array.isArray(tags) && tags.includes('unlabeled')) || (input !== undefined && (expected === undefined || expected === null));
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
      errors.push(`${display(file)}:${line}: ${jsonProblem(raw, err)}`);
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
    else errors.push(`${display(file)}:${line}: ${escapeExcerpt(formatIssues(parsed.error).join('; '), 300)}`);
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

/** One case file as read: its text, or the one-line input error that kept it unread. */
export type CaseFileRead = { file: string; text: string; error?: undefined } | { file: string; text?: undefined; error: string };

/**
 * The case files under `path` (a folder of *.jsonl or one file), each read with the bounded reader,
 * in order; `listError` when the path itself cannot be listed. The eval gate and cases:label read
 * the same files the same way.
 */
export function readCaseFiles(path: string, root = process.cwd()): { files: string[]; reads: CaseFileRead[]; listError?: string } {
  let files: string[];
  try {
    files = listCaseFiles(path, root);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { files: [], reads: [], listError: err.message };
  }
  const reads = files.map((file): CaseFileRead => {
    try {
      return { file, text: readInputFile(file, 'case file', CASE_FILE_MAX_BYTES, root) };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      return { file, error: err.message };
    }
  });
  return { files, reads };
}

/**
 * Every case of the dataset, or the problems that stop the run (exit 3). Input errors (a file that
 * is not a readable regular text file inside the pilot, or too big) are one line each; the others
 * are `file:line: problem`. Duplicated inputs are refused (see inputFingerprint): n would otherwise
 * count copies as evidence, and merging them silently would leave which label is right undecided.
 */
export function loadDataset(datasetPath: string, root = process.cwd()): { dataset: Dataset; errors: string[] } {
  const hash = createHash('sha256');
  const cases: EvalCase[] = [];
  const errors: string[] = [];
  const unlabeled: UnlabeledFile[] = [];
  const seen = new Map<string, string>();
  const inputs = new Map<string, { id: string; where: string }>();
  const { files, reads, listError } = readCaseFiles(datasetPath, root);
  if (listError) errors.push(listError);
  if (files.length === 0 && errors.length === 0) errors.push(`${datasetPath}: no .jsonl case files found`);
  for (const read of reads) {
    if (read.error !== undefined) {
      errors.push(read.error);
      continue;
    }
    const { file, text } = read;
    hash.update(`${display(file)}\0${text.replace(/\r\n/g, '\n')}\0`);
    const result = parseCases(file, text);
    errors.push(...result.errors);
    if (result.unlabeled.length > 0) unlabeled.push({ file: display(file), lines: result.unlabeled });
    for (const { line, ...evalCase } of result.cases) {
      const where = `${display(file)}:${line}`;
      const id = JSON.stringify(escapeExcerpt(evalCase.id, 80));
      const first = seen.get(evalCase.id);
      if (first) errors.push(`${where}: duplicate id ${id} (first at ${first})`);
      else seen.set(evalCase.id, where);
      const fingerprint = inputFingerprint(evalCase.input);
      const same = inputs.get(fingerprint);
      if (same) {
        errors.push(`${where}: case ${id} has the same input as case ${JSON.stringify(escapeExcerpt(same.id, 80))} (${same.where}) after normalising case and whitespace; keep one of them`);
      } else inputs.set(fingerprint, { id: evalCase.id, where });
      cases.push(evalCase);
    }
  }
  return { dataset: { files: files.map(display), cases, unlabeled, sha256: hash.digest('hex') }, errors };
}

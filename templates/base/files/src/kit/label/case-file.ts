/**
 * The case files as `npm run cases:label` sees them: which lines wait for a label, and how one
 * labelled line is saved. A save rewrites the whole file through a temporary file and a rename, with
 * every other line kept byte for byte, so a quit, a crash or a kill leaves either the old file or the
 * new one, never half of either.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../issues.js';
import { caseSchema, isUnlabeled, jsonProblem, readCaseFiles } from '../evals/cases.js';
import { CASE_FILE_MAX_BYTES, displayPath, escapeExcerpt, readInputFile } from '../evals/input-file.js';
import { UNLABELED_TAG } from '../import-cases.js';

/**
 * A case waiting for a label: what cases:import writes (no `expected`, tagged `unlabeled`, `criteria: []`),
 * or a case written by hand or shipped before its copies carried `criteria`: a missing list is an empty
 * one, and the session asks for a criterion as it does for an imported case.
 */
const pendingSchema = caseSchema.extend({
  // A draft the person may keep (null or absent: none yet).
  expected: z.unknown().optional(),
  tags: z.array(z.string().min(1)),
  criteria: z.array(z.string().min(1)).default([]),
});

export type PendingCase = z.infer<typeof pendingSchema> & {
  file: string;
  /** 1-based, as editors and error messages count. */
  line: number;
  /** The line as read, without its line ending: a save checks that it is still there. */
  raw: string;
};

export interface Pending {
  cases: PendingCase[];
  /** `file:line: problem` lines; any of them stops the session before anything is asked. */
  problems: string[];
}

/** Lines with their own endings (`\n`, `\r\n` or none on the last), so a rewrite can keep them. */
function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

const withoutEnding = (piece: string) => piece.replace(/\r?\n$/, '');

/** Every unlabeled case under `path` (a folder of *.jsonl or one file), or what is wrong with the files. */
export function readPending(path: string, root = process.cwd()): Pending {
  const cases: PendingCase[] = [];
  const problems: string[] = [];
  const { reads, listError } = readCaseFiles(path, root);
  if (listError) return { cases, problems: [listError] };
  for (const read of reads) {
    if (read.error !== undefined) {
      problems.push(read.error);
      continue;
    }
    const { file, text } = read;
    splitLines(text).forEach((piece, index) => {
      const raw = withoutEnding(piece);
      if (!raw.trim()) return;
      const where = `${displayPath(file, root)}:${index + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        problems.push(`${where}: ${jsonProblem(raw, err)}`);
        return;
      }
      const parsed = (isUnlabeled(value) ? pendingSchema : caseSchema).safeParse(value);
      if (!parsed.success) problems.push(`${where}: ${escapeExcerpt(formatIssues(parsed.error).join('; '), 300)}`);
      else if (isUnlabeled(value)) cases.push({ ...(parsed.data as z.infer<typeof pendingSchema>), file, line: index + 1, raw });
    });
  }
  return { cases, problems };
}

export interface Label {
  expected: unknown;
  tags: string[];
  criteria: string[];
  by: string;
  at: Date;
}

/** The case as one JSON line, labelled: `unlabeled` dropped from its tags, who and when recorded. */
export function labelledLine(pending: PendingCase, label: Label): string {
  const tags = [...new Set(label.tags.filter((tag) => tag !== UNLABELED_TAG))];
  const labelled = {
    id: pending.id,
    input: pending.input,
    expected: label.expected,
    tags,
    source: pending.source,
    criteria: label.criteria,
    labelled_by: label.by,
    labelled_at: label.at.toISOString(),
  };
  // The eval runner must take what is saved: a label that would fail it is a bug here, not a save.
  const checked = caseSchema.safeParse(labelled);
  if (!checked.success) throw new Error(`labelled case ${pending.id} would not load: ${formatIssues(checked.error).join('; ')}`);
  return JSON.stringify(labelled);
}

export class FileChangedError extends Error {
  override name = 'FileChangedError';
}

/**
 * Replaces the case's line with `text`, keeping every other byte. The file is read again first: if
 * someone edited that line meanwhile, nothing is written (their edit wins, and the session says so).
 */
export function saveLine(pending: PendingCase, text: string, root = process.cwd()): void {
  const current = readInputFile(pending.file, 'case file', CASE_FILE_MAX_BYTES, root);
  const pieces = splitLines(current);
  const index = pending.line - 1;
  const piece = pieces[index];
  if (piece === undefined || withoutEnding(piece) !== pending.raw) {
    throw new FileChangedError(`${displayPath(pending.file, root)}:${pending.line} changed since the session read it; nothing saved for ${pending.id}: run cases:label again`);
  }
  pieces[index] = text + piece.slice(withoutEnding(piece).length);
  writeAtomically(pending.file, pieces.join(''));
  pending.raw = text;
}

/** Temp file beside the target (same file system, so the rename is atomic), flushed, then renamed over it. */
function writeAtomically(file: string, content: string): void {
  // Not *.jsonl: a temp file a kill leaves behind is never read as cases.
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.label-tmp`);
  const mode = statSync(file).mode & 0o777;
  try {
    const fd = openSync(temp, 'w', mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

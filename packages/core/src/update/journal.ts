import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import '../zod-messages.js';
import { PilotSliceError } from '../errors.js';
import { lazy } from '../lazy.js';
import { insidePath, statOrMissing } from '../tree/inside-path.js';

/** The update's working folder inside the pilot: same file system, so every move is a rename. */
export const UPDATE_DIR = '.pilot-slice-update';
export const JOURNAL = 'journal.json';

/** A journal lists one op per file, about 60 bytes each; anything this big was not written by us. */
const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;

export interface JournalOp {
  path: string;
  /** Where the new content waits (writes only), inside the working folder. */
  staged?: string;
  /** Where the file that was there is moved aside, inside the working folder. */
  backup: string;
}

export interface Journal {
  pid: number;
  ops: JournalOp[];
}

const journalSchema = lazy(() =>
  z.strictObject({
    pid: z.int().check(z.positive()),
    ops: z.array(
      z.strictObject({
        path: z.string(),
        staged: z.optional(z.string().check(z.regex(/^staged\/\d+$/, 'expected staged/<n>, inside the working folder'))),
        backup: z.string().check(z.regex(/^backup\/\d+$/, 'expected backup/<n>, inside the working folder')),
      }),
    ),
  }),
);

export const workFolder = (pilotDir: string): string => join(pilotDir, UPDATE_DIR);

/**
 * The journal a killed update left: null when there is no working folder, undefined when the run was
 * killed while staging (no journal yet, nothing in the pilot moved). Everything in it is checked
 * before any of it is acted on: its shape, and every path through the one path guard, so a forged
 * or corrupted journal cannot move, pull in or delete a file outside the pilot. A bad one is refused
 * whole and left where it is for the team to look at.
 */
export function readJournal(pilotDir: string): Journal | undefined | null {
  const work = workFolder(pilotDir);
  const folder = statOrMissing(work);
  if (!folder) return null;
  if (!folder.isDirectory()) throw refuse(pilotDir, UPDATE_DIR, 'is not a folder (a link or a file)');
  const file = join(work, JOURNAL);
  const stat = statOrMissing(file);
  if (!stat) return undefined;
  if (!stat.isFile()) throw refuse(pilotDir, `${UPDATE_DIR}/${JOURNAL}`, 'is not a regular file');
  if (stat.size > MAX_JOURNAL_BYTES) throw refuse(pilotDir, `${UPDATE_DIR}/${JOURNAL}`, `is ${stat.size} bytes, more than a journal can be`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // JSON.parse quotes the text it read; a forged file's content is not echoed.
    throw refuse(pilotDir, `${UPDATE_DIR}/${JOURNAL}`, 'is not valid JSON');
  }
  const parsed = journalSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(pilotDir, `${UPDATE_DIR}/${JOURNAL}`, `is not a journal this tool wrote (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})`);
  }
  for (const [index, op] of parsed.data.ops.entries()) {
    try {
      insidePath(pilotDir, op.path, `ops.${index}.path`);
    } catch (error) {
      // The guard's own first clause says why: not a plain path inside the pilot, or a link on the way.
      const reason = error instanceof PilotSliceError ? (error.message.split(';')[0] ?? '') : String(error);
      throw refuse(pilotDir, `${UPDATE_DIR}/${JOURNAL}`, `names a path update may not touch (${reason})`);
    }
  }
  return parsed.data;
}

function refuse(pilotDir: string, what: string, problem: string): PilotSliceError {
  return new PilotSliceError(
    'INVALID_JOURNAL',
    `${what} ${problem}; nothing was moved. It is left for you to inspect; once you have, discard it with: rm -rf ${JSON.stringify(workFolder(pilotDir))}`,
  );
}

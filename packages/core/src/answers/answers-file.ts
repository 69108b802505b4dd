import { type Stats, closeSync, constants, fstatSync, lstatSync, openSync, readSync, readlinkSync } from 'node:fs';
import { PilotSliceError } from '../errors.js';
import { parsePartialAnswers } from './resolve-answers.js';
import type { PartialAnswers } from './schema.js';

/** Far above any real answers file (a provenance file with a hash per file is ~10 kB); it bounds a mistake like /dev/zero. */
export const ANSWERS_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Reads an answers file that must be a regular file of at most ANSWERS_FILE_MAX_BYTES. The type is
 * checked before opening (opening a device can have effects of its own) and again on the open
 * descriptor, so what is checked is what is read. A symbolic link is refused, not followed (and
 * O_NOFOLLOW refuses one swapped in meanwhile): the file named is the file read, never /etc/shadow behind it. Opened non-blocking, so a FIFO swapped in meanwhile
 * cannot hang the open; and the read stops one byte past the cap, so a file that grows cannot make it unbounded.
 */
export function readAnswersFile(path: string, shown: string): PartialAnswers {
  const refuse = (reason: string) => new PilotSliceError('INVALID_ANSWERS_FILE', `--answers-file ${shown}: ${reason}`);
  const unreadable = (error: unknown) => refuse(`cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  const checkStats = (stats: Stats) => {
    if (stats.isSymbolicLink()) throw refuse(`a symbolic link (to ${readlinkSync(path)}), not a regular file; pass the file itself`);
    if (!stats.isFile()) throw refuse(`${fileKind(stats)}, not a regular file; pass a JSON file`);
    if (stats.size > ANSWERS_FILE_MAX_BYTES) throw refuse(`${stats.size} bytes, more than the ${ANSWERS_FILE_MAX_BYTES} (1 MiB) an answers file may have`);
  };
  let fd: number;
  try {
    checkStats(lstatSync(path));
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    throw error instanceof PilotSliceError ? error : unreadable(error);
  }
  try {
    checkStats(fstatSync(fd));
    const buffer = Buffer.alloc(ANSWERS_FILE_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      length += read;
      if (read === 0 || length === buffer.length) break;
    }
    if (length > ANSWERS_FILE_MAX_BYTES) throw refuse(`more than the ${ANSWERS_FILE_MAX_BYTES} bytes (1 MiB) an answers file may have`);
    return parseAnswersFile(buffer.subarray(0, length).toString('utf8'), shown);
  } catch (error) {
    throw error instanceof PilotSliceError ? error : unreadable(error);
  } finally {
    closeSync(fd);
  }
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * An answers file is either a plain object of answers or a pilot's provenance file,
 * so `--answers-file other-pilot/.pilot-slice.json` recreates a pilot like that one.
 */
export function parseAnswersFile(text: string, source: string): PartialAnswers {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: not valid JSON${whereInvalid(error, text)}; fix the file or drop --answers-file`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PilotSliceError('INVALID_ANSWERS_FILE', `${source}: expected a JSON object of answers such as {"owner": "@acme/support-ai"}`);
  }
  const answers = 'schemaVersion' in raw && 'answers' in raw ? (raw as { answers: unknown }).answers : raw;
  return parsePartialAnswers(answers, (key) => `${source}: ${key}`, 'INVALID_ANSWERS_FILE');
}

/**
 * Where the JSON broke, as a line and column, and never the text itself: V8's message quotes the
 * file's first bytes, and a file that is not JSON at all may be a secret (`/etc/shadow`).
 */
function whereInvalid(error: unknown, text: string): string {
  const message = String((error as Error).message ?? error);
  if (/Unexpected end of JSON input/.test(message)) return ' (it ends too early)';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

/**
 * Reads the eval runner's inputs (case files, success-criteria.yaml) as untrusted files: only regular
 * files inside the pilot, never more than a named cap, never blocking on a FIFO or a device, and every
 * refusal one line naming the file and the reason. What a hostile file may contain never reaches the
 * terminal except as a short escaped excerpt (escapeExcerpt).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/** An input the runner refuses: exit 3, the message printed as is (one line). */
export class InputError extends Error {
  override name = 'InputError';
}

export const CASE_FILE_MAX_BYTES = 8 * 1024 * 1024;
export const CRITERIA_MAX_BYTES = 256 * 1024;
/** Shown per problem at most; the rest are counted, so a broken file never floods a CI log. */
export const MAX_PROBLEMS = 20;
const EXCERPT_CHARS = 40;

const mib = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;
const size = (bytes: number) => (bytes >= 1024 * 1024 ? mib(bytes) : `${Math.ceil(bytes / 1024)} KiB`);

/** Path as the user would type it: relative to the pilot when inside it. */
export function displayPath(file: string, root = process.cwd()): string {
  const rel = relative(root, file);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file).split(sep).join('/');
}

/**
 * Control characters (C0, DEL, C1), bidi controls, line and paragraph separators written as \xNN or
 * \u{NNNN}, then cut to `max` characters: safe to print whatever the file held.
 */
export function escapeExcerpt(text: string, max = EXCERPT_CHARS): string {
  const chars = [...text];
  const cut = chars.length > max ? chars.slice(0, max) : chars;
  const escaped = cut
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
      if ((code >= 0x200b && code <= 0x200f) || (code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff || code === 0xfffd) {
        return `\\u{${code.toString(16)}}`;
      }
      return ch;
    })
    .join('');
  return chars.length > max ? `${escaped}…` : escaped;
}

/** The first MAX_PROBLEMS lines, then one line counting the rest. */
export function capProblems(lines: readonly string[], max = MAX_PROBLEMS): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max), `... and ${lines.length - max} more problem(s) not shown (fix the ones above and run again)`];
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied): check its mode and owner';
  if (code === 'ELOOP') return 'is a symlink loop';
  if (code === 'ENAMETOOLONG') return 'has a name too long for the file system';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot be read (${code ?? (err instanceof Error ? err.message.split('\n')[0] : String(err))})`;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where `file` really is, refused unless it stays inside the pilot: a symlink to /etc/passwd or
 * /dev/zero must not be read, quoted or followed. Returns the real path and its stats.
 */
export function resolveInside(file: string, what: string, root = process.cwd()): { real: string; stats: Stats } {
  const shown = displayPath(file, root);
  let link: Stats;
  try {
    link = lstatSync(file);
  } catch (err) {
    throw new InputError(`${shown}: ${what} ${reason(err)}`);
  }
  let real: string;
  try {
    real = realpathSync(file);
  } catch (err) {
    if (link.isSymbolicLink() && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(`${shown}: ${what} is a dangling symlink (to ${escapeExcerpt(safeReadlink(file), 120)}, which does not exist)`);
    }
    throw new InputError(`${shown}: ${what} ${reason(err)}`);
  }
  if (!isInside(real, realpathSync(root))) {
    const how = link.isSymbolicLink() ? `is a symlink that leaves the pilot (to ${escapeExcerpt(real, 120)})` : 'is outside the pilot';
    throw new InputError(`${shown}: ${what} ${how}; copy the file into the pilot instead`);
  }
  try {
    return { real, stats: statSync(real) };
  } catch (err) {
    throw new InputError(`${shown}: ${what} ${reason(err)}`);
  }
}

function safeReadlink(file: string): string {
  try {
    return readlinkSync(file);
  } catch {
    return '?';
  }
}

/**
 * The file's text, after checking that it is a regular file inside the pilot, no larger than
 * `maxBytes`, and UTF-8 text. Opened non-blocking, so a FIFO swapped in after the check cannot hang
 * the run; the open file is checked again, and at most maxBytes + 1 bytes are ever read.
 */
export function readInputFile(file: string, what: string, maxBytes: number, root = process.cwd()): string {
  const shown = displayPath(file, root);
  const { real, stats } = resolveInside(file, what, root);
  if (!stats.isFile()) throw new InputError(`${shown}: ${what} is ${kindOf(stats)}, not a regular file`);
  const tooBig = (bytes: string) => new InputError(`${shown}: ${what} is ${bytes}, over the ${size(maxBytes)} cap for ${what}s; split it into smaller files`);
  if (stats.size > maxBytes) throw tooBig(size(stats.size));
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    throw new InputError(`${shown}: ${what} ${reason(err)}`);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw new InputError(`${shown}: ${what} is ${kindOf(opened)}, not a regular file`);
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(opened.size, 0) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // It grew between the stat and the read: still never more than the cap.
    if (length > maxBytes) throw tooBig(`over ${size(maxBytes)}`);
    return decodeText(buffer.subarray(0, length), shown, what);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${shown}: ${what} ${reason(err)}`);
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text or a refusal naming where it stops being text: a binary file gets one line, not thousands. */
function decodeText(bytes: Buffer, shown: string, what: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(`${shown}: ${what} is binary, not text (a NUL byte at offset ${nul})`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${shown}: ${what} is not UTF-8 text; save it as UTF-8`);
  }
}

/**
 * Appends lines to one file with group commit, for the audit trail under load. The file is opened
 * once (append mode, created 0o600). Lines queue while the event loop handles this turn's
 * requests; once per turn (setImmediate) they all go out in one write, and each line's promise
 * settles when that write has finished (the lines of one write share one promise). A resolved
 * append is in the file, as with appendFile, at one write per batch instead of an open, a write
 * and a close per line.
 *
 * The write is synchronous, like pino's own writes to a file or stdout (where audit records go
 * when no file is set): a small append to a local file takes microseconds, while handing it to
 * libuv's thread pool costs more CPU than the write itself and adds a thread round trip to every
 * answer. Batching per turn also lets the answers of one turn leave together.
 *
 * Like appendFile, it writes to whatever file is at `path` now: before each write it checks that
 * the path still names the open file and reopens it if the file was moved (log rotation) or
 * removed. After a failed write it reopens too, so a fixed disk or permission is picked up.
 *
 * Every line in the file stays a whole line. A write can stop midway (a full disk takes what fits,
 * up to a page boundary, then fails): the batch's lines are rejected, and the file is cut back to
 * where the batch began. Whatever a cut could not remove (or a crash left) is found when the file
 * is next opened: it is cut back to its last newline, so no line is ever glued onto a fragment.
 */
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';

/**
 * Append mode ('a', created if missing) that never waits: a FIFO put at the path would otherwise
 * block the open, and with it the event loop, until a reader came (ENXIO instead).
 */
export const APPEND_WITHOUT_BLOCKING = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0);

export interface LineAppender {
  /** Resolves once `text` is written; rejects with the write's error (and so do the lines written with it). */
  append(text: string): Promise<void>;
  /** Writes what is queued, then closes the file. Appends after this reject. */
  close(): Promise<void>;
}

interface OpenFile {
  fd: number;
  dev: number;
  ino: number;
  /** The file does not end with a newline and could not be cut back to one: the next write starts a line. */
  torn: boolean;
}

/** How far back from its end a file is searched for its last newline; past that a fragment is ended instead. */
const REPAIR_WINDOW_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Cuts a fragment off the end of the file open as `fd` (a regular file whose last byte is not a
 * newline), back to its last newline. Returns false when it could not: the fragment is longer
 * than REPAIR_WINDOW_BYTES, or the file cannot be read or cut.
 */
function endsOnWholeLine(path: string, fd: number): boolean {
  const stat = fstatSync(fd);
  if (!stat.isFile() || stat.size === 0) return true;
  let reader: number;
  try {
    reader = openSync(path, 'r'); // the appender's own descriptor is write-only
  } catch {
    return false;
  }
  try {
    const chunk = Buffer.alloc(Math.min(64 * 1024, stat.size));
    for (let end = stat.size; end > 0 && stat.size - end < REPAIR_WINDOW_BYTES; ) {
      const start = Math.max(0, end - chunk.length);
      const read = readSync(reader, chunk, 0, end - start, start);
      const at = chunk.subarray(0, read).lastIndexOf(NEWLINE);
      if (at !== -1) {
        if (start + at + 1 < stat.size) ftruncateSync(fd, start + at + 1);
        return true;
      }
      end = start;
      if (end === 0) ftruncateSync(fd, 0); // the whole file is one fragment
    }
    return stat.size <= REPAIR_WINDOW_BYTES;
  } catch {
    return false;
  } finally {
    closeSync(reader);
  }
}

/** The lines queued for the next write, and the promise they all settle with. */
interface Batch {
  lines: string[];
  written: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const written = new Promise<void>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { lines: [], written, resolve, reject };
}

export function createLineAppender(path: string): LineAppender {
  let file: OpenFile | null = null;
  // One promise per batch rather than per line: under load a batch holds dozens of lines.
  let batch: Batch | null = null;
  let scheduled: NodeJS.Immediate | null = null;
  let closed = false;

  function release(): void {
    const was = file;
    file = null;
    if (!was) return;
    try {
      closeSync(was.fd);
    } catch {
      // Nothing more to lose: every write to it has settled.
    }
  }

  /** The open file and its size, if `path` still names it; else `path` (re)opened, its tail repaired. */
  function current(): { open: OpenFile; size: number } {
    if (file) {
      const now = statSync(path, { throwIfNoEntry: false });
      if (now && now.dev === file.dev && now.ino === file.ino) return { open: file, size: now.size };
      release();
    }
    const fd = openSync(path, APPEND_WITHOUT_BLOCKING, 0o600);
    try {
      const torn = !endsOnWholeLine(path, fd);
      const { dev, ino, size } = fstatSync(fd);
      file = { fd, dev, ino, torn };
      return { open: file, size };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** After a failed write: the batch's bytes that did land are cut off again, if the file lets us. */
  function cutBack(open: OpenFile, size: number): void {
    try {
      if (fstatSync(open.fd).size > size) ftruncateSync(open.fd, size);
    } catch {
      open.torn = true; // the next open repairs it; until then a write starts a new line
    }
  }

  /** Writes everything queued as one batch and settles its lines. */
  function flush(): void {
    scheduled = null;
    const writing = batch;
    batch = null;
    if (!writing) return;
    let target: { open: OpenFile; size: number } | null = null;
    try {
      target = current();
      const { open } = target;
      const text = open.torn ? `\n${writing.lines.join('')}` : writing.lines.join('');
      // The text goes to writeSync as is: no Buffer of our own per batch. A regular file takes it
      // all at once; only after a short write is the rest written from an encoded copy.
      const written = writeSync(open.fd, text);
      if (written < Buffer.byteLength(text, 'utf8')) {
        const data = Buffer.from(text, 'utf8');
        for (let offset = written; offset < data.length; ) offset += writeSync(open.fd, data, offset);
      }
      open.torn = false;
    } catch (err) {
      if (target) cutBack(target.open, target.size);
      release();
      writing.reject(err);
      return;
    }
    writing.resolve();
  }

  return {
    append(text) {
      if (closed) return Promise.reject(new Error(`${path}: the file was closed (the service is shutting down)`));
      batch ??= newBatch();
      batch.lines.push(text);
      scheduled ??= setImmediate(flush);
      return batch.written;
    },
    async close() {
      closed = true;
      if (scheduled) clearImmediate(scheduled);
      flush();
      release();
    },
  };
}

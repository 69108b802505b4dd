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
 */
import { closeSync, constants, fstatSync, openSync, statSync, writeSync } from 'node:fs';

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

  /** The open file, if `path` still names it; else `path` (re)opened. */
  function current(): number {
    if (file) {
      const now = statSync(path, { throwIfNoEntry: false });
      if (now && now.dev === file.dev && now.ino === file.ino) return file.fd;
      release();
    }
    const fd = openSync(path, APPEND_WITHOUT_BLOCKING, 0o600);
    try {
      const { dev, ino } = fstatSync(fd);
      file = { fd, dev, ino };
      return fd;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  /** Writes everything queued as one batch and settles its lines. */
  function flush(): void {
    scheduled = null;
    const writing = batch;
    batch = null;
    if (!writing) return;
    const text = writing.lines.join('');
    try {
      const fd = current();
      // The text goes to writeSync as is: no Buffer of our own per batch. A regular file takes it
      // all at once; only after a short write is the rest written from an encoded copy.
      const written = writeSync(fd, text);
      if (written < Buffer.byteLength(text, 'utf8')) {
        const data = Buffer.from(text, 'utf8');
        for (let offset = written; offset < data.length; ) offset += writeSync(fd, data, offset);
      }
    } catch (err) {
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

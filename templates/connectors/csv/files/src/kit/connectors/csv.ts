/**
 * Connector over a CSV or JSONL file, streamed: every call reads the file from the start, one
 * record at a time, so files larger than memory work and edits show up without a restart.
 * Malformed rows (wrong field count, bad quoting, invalid JSON, no id) are reported through
 * `warn` with file and line, once per connector, and skipped: never silently dropped.
 * Fields are read as bytes and decoded one by one (UTF-8, else latin-1), so one legacy line in
 * an otherwise UTF-8 export does not garble the rest.
 */
import { createReadStream, existsSync } from 'node:fs';
import { extname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Info, parse } from 'csv-parse';
import { type Connector, type Principal, type Query, type Row, type RowPermission, allowAllRows, clampLimit, warnToStderr } from './connector.js';
import { decodeBytes, readFromStream, sampleFromStream, toRow } from './rows.js';

export const SAMPLE_CSV_PATH = fileURLToPath(new URL('../../../data/sample.csv', import.meta.url));

export type FileFormat = 'csv' | 'jsonl';

export interface CsvOptions {
  path: string;
  format?: FileFormat;
  delimiter?: string;
  idColumn?: string;
  isSample?: boolean;
  canRead?: RowPermission;
  warn?: (message: string) => void;
}

export function formatOf(path: string): FileFormat | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

/** The first part of csv-parse's message ("Invalid Record Length"), without the field dump. */
const reasonOf = (err: { code?: string; message: string }) => `${err.message.split(':')[0] ?? err.code}`;

export function createCsvConnector(options: CsvOptions): Connector {
  const format = options.format ?? formatOf(options.path) ?? 'csv';
  const idColumn = options.idColumn ?? 'id';
  const canRead = options.canRead ?? allowAllRows;
  const warn = options.warn ?? warnToStderr;
  const shown = relative(process.cwd(), options.path) || options.path;
  const reported = new Set<number>();

  /** Each bad line is reported once, not on every read (readyz reads often). */
  function skip(line: number, reason: string): void {
    if (reported.has(line)) return;
    reported.add(line);
    warn(`${shown}:${line}: skipped malformed record: ${reason}`);
  }

  function open() {
    if (!existsSync(options.path)) throw new Error(`PILOT_CSV_PATH: ${options.path} does not exist`);
    return createReadStream(options.path);
  }

  async function* csvRows(): AsyncGenerator<Row> {
    const parser = open().pipe(
      parse({
        // With encoding: null the header cells arrive as Buffers, though the types say string.
        columns: (header: string[]) => header.map((cell: unknown) => (Buffer.isBuffer(cell) ? decodeBytes(cell) : String(cell)).trim()),
        bom: true,
        encoding: null,
        delimiter: options.delimiter ?? (extname(options.path).toLowerCase() === '.tsv' ? '\t' : ','),
        info: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (err) => {
          // csv-parse puts the line number on the error as `lines` (untyped context).
          if (err) skip(Number(err.lines) || 0, reasonOf(err));
        },
      }),
    );
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, Buffer>; info: Info }>) {
        const fields: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(record)) fields[key] = Buffer.isBuffer(value) ? decodeBytes(value) : value;
        const row = idColumn in fields ? toRow(fields, idColumn) : toRow({ ...fields, [idColumn]: `line-${info.lines}` }, idColumn);
        if (row) yield row;
        else skip(info.lines, `no ${idColumn}`);
      }
    } finally {
      parser.destroy();
    }
  }

  async function* jsonlRows(): AsyncGenerator<Row> {
    const stream = open();
    let pending: Buffer = Buffer.alloc(0);
    let line = 0;
    const parseLine = (bytes: Buffer): Row | null => {
      line += 1;
      const text = decodeBytes(bytes)
        .replace(/^\uFEFF/, '')
        .trim();
      if (!text) return null;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        skip(line, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
        return null;
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        skip(line, 'not a JSON object');
        return null;
      }
      const row = toRow(value as Record<string, unknown>, idColumn);
      if (!row) skip(line, `no ${idColumn}`);
      return row;
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a)) {
          const row = parseLine(pending.subarray(0, newline));
          pending = pending.subarray(newline + 1);
          if (row) yield row;
        }
      }
      if (pending.length > 0) {
        const row = parseLine(pending);
        if (row) yield row;
      }
    } finally {
      stream.destroy();
    }
  }

  const rows = format === 'jsonl' ? jsonlRows : csvRows;
  return {
    describe: () => ({ kind: 'csv', source: shown, isSample: options.isSample ?? false }),
    async read(query: string | Query, principal: Principal) {
      if (typeof query === 'string') return readFromStream(rows, query, principal, canRead);
      return readFromStream(rows, { limit: clampLimit(query.limit), contains: query.contains }, principal, canRead);
    },
    async sample(n: number, principal: Principal) {
      return sampleFromStream(rows, clampLimit(n), principal, canRead);
    },
    async close() {},
  };
}

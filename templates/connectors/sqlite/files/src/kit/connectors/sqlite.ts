/**
 * Connector over a SQLite file (better-sqlite3 12: synchronous and fast; 13 crashes on Node 20).
 * Opened read-only: the pilot never writes to its source. The shipped sample is built from
 * data/seed.sql when missing, so no binary database is committed.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ConfigError } from '../env.js';
import { type Connector, type Principal, type Query, type Row, type RowPermission, allowAllRows, clampLimit } from './connector.js';
import { plainValue } from './rows.js';

export const SAMPLE_DB_PATH = fileURLToPath(new URL('../../../data/sample.sqlite', import.meta.url));
export const SEED_SQL_PATH = fileURLToPath(new URL('../../../data/seed.sql', import.meta.url));

export interface SqliteOptions {
  path: string;
  table?: string;
  /** Build the file from seed.sql when it does not exist. Only ever true for the sample. */
  seedIfMissing?: boolean;
  isSample?: boolean;
  canRead?: RowPermission;
}

/** Writes a fresh db from seed.sql next to the target, then renames: readers never see half a file. */
export function buildSampleDb(path = SAMPLE_DB_PATH, seedSql = SEED_SQL_PATH): number {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.exec(readFileSync(seedSql, 'utf8'));
    const { n } = db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
    db.close();
    renameSync(tmp, path);
    return n;
  } catch (err) {
    db.close();
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Legacy rows hold BLOBs of unknown encoding: plainValue tries UTF-8, then latin-1, rather than fail. */
function toRow(raw: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) row[key] = plainValue(value);
  return { ...row, id: String(raw.id) };
}

export function createSqliteConnector(options: SqliteOptions): Connector {
  const table = options.table ?? 'messages';
  // Identifiers cannot be bound as parameters, so the name is checked instead.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new ConfigError(`PILOT_SQLITE_TABLE "${table}" is not a plain table name`);
  const canRead = options.canRead ?? allowAllRows;
  let db: Database.Database | null = null;

  // Opened on first use, so describe() and a misconfigured path do not fail at import time.
  function open(): Database.Database {
    if (db) return db;
    if (!existsSync(options.path)) {
      if (!options.seedIfMissing) throw new Error(`PILOT_SQLITE_PATH: ${options.path} does not exist`);
      buildSampleDb(options.path);
    }
    db = new Database(options.path, { readonly: true, fileMustExist: true });
    return db;
  }

  /** Streams rows and keeps the permitted ones, so the limit counts rows the caller may see. */
  function collect(sql: string, params: unknown[], limit: number, principal: Principal): Row[] {
    const rows: Row[] = [];
    for (const raw of open()
      .prepare(sql)
      .iterate(...params)) {
      const row = toRow(raw as Record<string, unknown>);
      if (canRead(principal, row)) rows.push(row);
      if (rows.length >= limit) break;
    }
    return rows;
  }

  function textColumns(): string[] {
    const info = open().prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; type: string }>;
    return info.filter((c) => /char|text|clob|^$/i.test(c.type)).map((c) => c.name);
  }

  return {
    describe: () => ({
      kind: 'sqlite',
      source: `${relative(process.cwd(), options.path) || options.path} (table ${table})`,
      isSample: options.isSample ?? false,
    }),
    async read(query: string | Query, principal: Principal) {
      if (typeof query === 'string') return collect(`SELECT * FROM ${table} WHERE id = ?`, [query], 1, principal);
      const limit = clampLimit(query.limit);
      if (!query.contains) return collect(`SELECT * FROM ${table} ORDER BY id`, [], limit, principal);
      const columns = textColumns();
      const where = columns.map((c) => `CAST("${c}" AS TEXT) LIKE ? ESCAPE '\\'`).join(' OR ') || '0';
      const pattern = `%${query.contains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      return collect(
        `SELECT * FROM ${table} WHERE ${where} ORDER BY id`,
        columns.map(() => pattern),
        limit,
        principal,
      );
    },
    async sample(n: number, principal: Principal) {
      return collect(`SELECT * FROM ${table} ORDER BY random()`, [], clampLimit(n), principal);
    },
    async close() {
      db?.close();
      db = null;
    },
  };
}

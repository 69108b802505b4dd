/**
 * Connector over PostgreSQL (pg). The source is one query (PILOT_SOURCE_QUERY) returning a row
 * per record with an `id` column. The service never edits that text with caller input: it wraps
 * it as a subquery and passes every value (an id, a search term) as a $n parameter.
 * Each call runs in a READ ONLY transaction with a statement timeout, so even a query that tries
 * to write (a data-modifying CTE) is refused by the server, and reads a server-side cursor in
 * batches: the row-permission hook runs on each row, and a limit counts only permitted rows.
 */
import pg from 'pg';
import { ConfigError } from '../env.js';
import { type Connector, type Principal, type Query, type Row, type RowPermission, allowAllRows, clampLimit, warnToStderr } from './connector.js';
import { readFromStream, toRow } from './rows.js';

export const SAMPLE_SCHEMA = 'pilot_sample';
export const SAMPLE_QUERY = `SELECT * FROM ${SAMPLE_SCHEMA}.messages`;

export interface PostgresOptions {
  /** Unset: the connector still constructs (describe works), every read says DATABASE_URL is missing. */
  connectionString?: string;
  query: string;
  isSample?: boolean;
  statementTimeoutMs?: number;
  poolMax?: number;
  canRead?: RowPermission;
  warn?: (message: string) => void;
}

/** Rows fetched per round trip from the cursor. */
const BATCH = 100;

/** The query as given, minus a trailing semicolon; refused unless it is a single read statement. */
export function checkSourceQuery(query: string): string {
  const text = query.trim().replace(/;\s*$/, '');
  const start = text.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, '');
  if (!/^(select|with|values|table)\b/i.test(start)) {
    throw new ConfigError('PILOT_SOURCE_QUERY must be a single SELECT (or WITH ... SELECT) returning an id column');
  }
  if (text.includes(';')) throw new ConfigError('PILOT_SOURCE_QUERY must be a single statement (it contains ";")');
  return text;
}

/** host:port/database, for messages: never the user or password. */
export function describeTarget(connectionString: string | undefined): string {
  if (!connectionString) return 'DATABASE_URL not set';
  try {
    const url = new URL(connectionString);
    return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL is not a URL)';
  }
}

export function createPostgresConnector(options: PostgresOptions): Connector {
  const query = checkSourceQuery(options.query);
  const canRead = options.canRead ?? allowAllRows;
  const warn = options.warn ?? warnToStderr;
  const target = describeTarget(options.connectionString);
  const source = `FROM (${query}) AS pilot_source`;
  let pool: pg.Pool | null = null;

  // Created on first use: constructing the connector never needs the database to be up.
  function connect(): pg.Pool {
    if (!options.connectionString) throw new ConfigError('DATABASE_URL is not set: point it at the database (see docs/data.md)');
    if (pool) return pool;
    pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolMax ?? 4,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'pilot-slice',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', (err) => warn(`postgres (${target}): idle connection error: ${err.message}`));
    return pool;
  }

  /** Streams the rows of `SELECT * FROM (query) AS pilot_source <rest>` through a cursor. */
  async function* stream(rest: string, params: unknown[]): AsyncGenerator<Row> {
    const client = await connect()
      .connect()
      .catch((err: Error) => {
        throw new Error(`postgres (${target}): cannot connect: ${err.message}`, { cause: err });
      });
    let broken: Error | undefined;
    try {
      await client.query('BEGIN TRANSACTION READ ONLY');
      await client.query("SELECT set_config('statement_timeout', $1, true)", [String(options.statementTimeoutMs ?? 10_000)]);
      await client.query(`DECLARE pilot_cursor NO SCROLL CURSOR FOR SELECT * ${source} ${rest}`, params);
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(`FETCH ${BATCH} FROM pilot_cursor`);
        for (const raw of rows) {
          if (!('id' in raw)) {
            throw new ConfigError(`PILOT_SOURCE_QUERY returns no id column (columns: ${Object.keys(raw).join(', ')}); alias one, e.g. SELECT ticket_no AS id, ...`);
          }
          const row = toRow(raw);
          if (row) yield row;
          else warn(`postgres (${target}): skipped a record with an empty id`);
        }
        if (rows.length < BATCH) return;
      }
    } catch (err) {
      throw explain(err);
    } finally {
      // Read-only: nothing to commit. A failed rollback means a dead connection: drop it from the pool.
      await client.query('ROLLBACK').catch((err: Error) => {
        broken = err;
      });
      client.release(broken);
    }
  }

  function explain(err: unknown): unknown {
    if (err instanceof ConfigError || !(err instanceof Error)) return err;
    const code = (err as { code?: string }).code;
    const hint =
      code === '25006'
        ? ' (PILOT_SOURCE_QUERY tried to write; the pilot only reads)'
        : code === '57014'
          ? ` (over PILOT_PG_STATEMENT_TIMEOUT_MS=${options.statementTimeoutMs ?? 10_000})`
          : code === '42703'
            ? ' (check the column names in PILOT_SOURCE_QUERY; it needs an id column)'
            : '';
    return new Error(`postgres (${target}): ${err.message}${hint}`, { cause: err });
  }

  return {
    describe: () => ({ kind: 'postgres', source: `${target} (${options.isSample ? `${SAMPLE_SCHEMA}.messages` : 'PILOT_SOURCE_QUERY'})`, isSample: options.isSample ?? false }),
    async read(q: string | Query, principal: Principal) {
      if (typeof q === 'string') return readFromStream(() => stream('WHERE pilot_source.id::text = $1', [q]), q, principal, canRead);
      const limit = clampLimit(q.limit);
      if (!q.contains) return readFromStream(() => stream('ORDER BY pilot_source.id', []), { limit }, principal, canRead);
      // The whole row as text, searched case-insensitively; LIKE wildcards in the term are literal.
      const pattern = `%${q.contains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      return readFromStream(() => stream('WHERE pilot_source::text ILIKE $1 ORDER BY pilot_source.id', [pattern]), { limit, contains: q.contains }, principal, canRead);
    },
    async sample(n: number, principal: Principal) {
      // Random order on the server; the first n permitted rows are then a uniform sample.
      return readFromStream(() => stream('ORDER BY random()', []), { limit: clampLimit(n) }, principal, canRead);
    },
    async close() {
      const open = pool;
      pool = null;
      await open?.end();
    },
  };
}

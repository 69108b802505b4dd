/** The chosen connector (sqlite), configured from the environment. */
import { resolve } from 'node:path';
import { type Env, readString } from './kit/env.js';
import { type Connector, type ConnectorOptions, allowAllRows } from './kit/connectors/connector.js';
import { SAMPLE_DB_PATH, createSqliteConnector } from './kit/connectors/sqlite.js';

/** Rows are read whole from a table, so nothing is ever skipped: `options.warn` goes unused here. */
export function createConnector(env: Env, _options: ConnectorOptions = {}): Connector {
  const configured = readString(env, 'PILOT_SQLITE_PATH');
  const path = configured ? resolve(configured) : SAMPLE_DB_PATH;
  const isSample = path === SAMPLE_DB_PATH;
  return createSqliteConnector({
    path,
    table: readString(env, 'PILOT_SQLITE_TABLE') ?? 'messages',
    // Only the shipped sample is ever created; a missing real database is an error.
    seedIfMissing: isSample,
    isSample,
    // Replace with the data owner's rule before real data (see RowPermission in connector.ts).
    canRead: allowAllRows,
  });
}

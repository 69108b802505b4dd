/** The chosen connector (postgres), configured from the environment. */
import { type Env, readNumber, readString } from './kit/env.js';
import { type Connector, type ConnectorOptions, allowAllRows } from './kit/connectors/connector.js';
import { SAMPLE_QUERY, createPostgresConnector } from './kit/connectors/postgres.js';

export function createConnector(env: Env, options: ConnectorOptions = {}): Connector {
  const query = readString(env, 'PILOT_SOURCE_QUERY');
  return createPostgresConnector({
    connectionString: readString(env, 'DATABASE_URL'),
    query: query ?? SAMPLE_QUERY,
    isSample: query === undefined,
    statementTimeoutMs: readNumber(env, 'PILOT_PG_STATEMENT_TIMEOUT_MS', 10_000, { min: 100 }),
    poolMax: readNumber(env, 'PILOT_PG_POOL_MAX', 4, { min: 1, max: 100 }),
    // Replace with the data owner's rule before real data (see RowPermission in connector.ts).
    canRead: allowAllRows,
    warn: options.warn,
  });
}

/** The chosen connector (csv), configured from the environment. */
import { resolve } from 'node:path';
import { ConfigError, type Env, readString } from './kit/env.js';
import { type Connector, type ConnectorOptions, allowAllRows } from './kit/connectors/connector.js';
import { SAMPLE_CSV_PATH, createCsvConnector, formatOf } from './kit/connectors/csv.js';

export function createConnector(env: Env, options: ConnectorOptions = {}): Connector {
  const configured = readString(env, 'PILOT_CSV_PATH');
  const path = configured ? resolve(configured) : SAMPLE_CSV_PATH;
  const format = formatOf(path);
  if (!format) throw new ConfigError(`PILOT_CSV_PATH=${configured}: use a .csv, .tsv, .jsonl or .ndjson file`);
  const delimiter = readString(env, 'PILOT_CSV_DELIMITER');
  if (delimiter !== undefined && delimiter.length !== 1 && delimiter !== '\\t') throw new ConfigError('PILOT_CSV_DELIMITER must be one character (or \\t)');
  return createCsvConnector({
    path,
    format,
    delimiter: delimiter === '\\t' ? '\t' : delimiter,
    idColumn: readString(env, 'PILOT_CSV_ID_COLUMN') ?? 'id',
    isSample: path === SAMPLE_CSV_PATH,
    // Replace with the data owner's rule before real data (see RowPermission in connector.ts).
    canRead: allowAllRows,
    warn: options.warn,
  });
}

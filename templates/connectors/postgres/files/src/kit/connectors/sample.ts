/** Loads data/sample.sql into its own schema (default pilot_sample): `npm run db:load-sample` and the tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SAMPLE_SCHEMA } from './postgres.js';

export const SAMPLE_SQL_PATH = fileURLToPath(new URL('../../../data/sample.sql', import.meta.url));

/** Replaces the schema (and only it) with a fresh copy of the sample; returns the row count. */
export async function loadSample(connectionString: string, schema = SAMPLE_SCHEMA): Promise<number> {
  // The name is part of the SQL text (identifiers cannot be parameters), so it is checked instead.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`"${schema}" is not a plain schema name`);
  const client = new pg.Client({ connectionString, application_name: 'pilot-slice' });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(readFileSync(SAMPLE_SQL_PATH, 'utf8'));
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM messages');
    await client.query('COMMIT');
    return Number(rows[0]?.n ?? 0);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

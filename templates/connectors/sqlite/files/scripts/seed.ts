/** `npm run data:seed`: rebuilds data/sample.sqlite from data/seed.sql. Never touches PILOT_SQLITE_PATH. */
import { relative } from 'node:path';
import { SAMPLE_DB_PATH, SEED_SQL_PATH, buildSampleDb } from '../src/kit/connectors/sqlite.js';

const count = buildSampleDb();
console.log(`rebuilt ${relative(process.cwd(), SAMPLE_DB_PATH)}: ${count} messages from ${relative(process.cwd(), SEED_SQL_PATH)}`);

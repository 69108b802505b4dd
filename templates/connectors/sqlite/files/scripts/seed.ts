/** `npm run data:seed`: rebuilds data/sample.sqlite from data/seed.sql. Never touches PILOT_SQLITE_PATH. */
import { relative } from 'node:path';
import { SAMPLE_DB_PATH, SEED_SQL_PATH, buildSampleDb } from '../src/kit/connectors/sqlite.js';
import { scriptArgs } from '../src/kit/script-args.js';

scriptArgs({
  name: 'data:seed',
  options: {},
  help: `Rebuilds the shipped sample database ${relative(process.cwd(), SAMPLE_DB_PATH)} from ${relative(process.cwd(), SEED_SQL_PATH)}.
Never touches PILOT_SQLITE_PATH (your real data). Exit: 0 rebuilt, 2 a bad flag.`,
});

const count = buildSampleDb();
console.log(`rebuilt ${relative(process.cwd(), SAMPLE_DB_PATH)}: ${count} messages from ${relative(process.cwd(), SEED_SQL_PATH)}`);

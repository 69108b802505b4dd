/**
 * `npm run db:load-sample`: loads the messy sample inbox (data/sample.sql) into the pilot_sample
 * schema of DATABASE_URL, replacing only that schema, so the service can be tried before
 * PILOT_SOURCE_QUERY points at real tables. Needs a role that may CREATE SCHEMA.
 */
import { loadSample } from '../src/kit/connectors/sample.js';
import { describeTarget, SAMPLE_SCHEMA } from '../src/kit/connectors/postgres.js';
import { loadDotEnv, readString } from '../src/kit/env.js';
import { scriptArgs } from '../src/kit/script-args.js';

scriptArgs({
  name: 'db:load-sample',
  options: {},
  help: `Loads the sample inbox (data/sample.sql) into the ${SAMPLE_SCHEMA} schema of DATABASE_URL, replacing only that schema.
Needs a role that may CREATE SCHEMA. Exit: 0 loaded, 1 the database failed, 2 no DATABASE_URL or a bad flag.`,
});

loadDotEnv();
const url = readString(process.env, 'DATABASE_URL');
if (!url) {
  console.error('db:load-sample: set DATABASE_URL first (see .env.example)');
  process.exit(2);
}
loadSample(url).then(
  (count) => console.log(`loaded ${count} messages into ${SAMPLE_SCHEMA}.messages at ${describeTarget(url)}`),
  (err: unknown) => {
    console.error(`db:load-sample: ${describeTarget(url)}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

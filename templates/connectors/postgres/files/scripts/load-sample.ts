/**
 * `npm run db:load-sample`: loads the messy sample inbox (data/sample.sql) into the pilot_sample
 * schema of DATABASE_URL, replacing only that schema, so the service can be tried before
 * PILOT_SOURCE_QUERY points at real tables. Needs a role that may CREATE SCHEMA.
 */
import { loadSample } from '../src/kit/connectors/sample.js';
import { describeTarget, SAMPLE_SCHEMA } from '../src/kit/connectors/postgres.js';
import { loadDotEnv, readString } from '../src/kit/env.js';

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

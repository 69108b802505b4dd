/**
 * The PostgreSQL the postgres-connector pilots test against. .ci/run installs and starts a real server
 * and sets PILOT_TEST_DATABASE_URL; on CI a missing server is an error, not a skip.
 */
export function postgresTestEnv(): Record<string, string> {
  const url = process.env.PILOT_TEST_DATABASE_URL;
  if (url) return { PILOT_TEST_DATABASE_URL: url };
  if (process.env.CI) throw new Error('PILOT_TEST_DATABASE_URL is not set: .ci/run must start PostgreSQL for the postgres pilots');
  return {};
}

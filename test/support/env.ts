import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A user's environment: none of the npm_* variables the test runner inherited, no colour, a git
 * identity, and a template cache of the tests' own instead of the real user's.
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('npm_') && key !== 'INIT_CWD') env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'E2E',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'E2E',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    PILOT_SLICE_CACHE_DIR: join(tmpdir(), 'pilot-slice-e2e-cache'),
    ...extra,
  };
}

/** The chosen auth (api-key), configured from the environment. */
import type { Env } from './kit/env.js';
import { createApiKeyAuth, parseDigests } from './kit/auth/api-key.js';
import type { AuthHooks } from './kit/auth/hooks.js';

export function createAuth(env: Env): AuthHooks {
  return createApiKeyAuth(parseDigests(env.PILOT_API_KEYS));
}

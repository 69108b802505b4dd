/** The chosen auth (api-key), configured from the environment. */
import type { Env } from '../env.js';
import { createApiKeyAuth, parseDigests } from './api-key.js';
import type { AuthHooks } from './hooks.js';

export function createAuth(env: Env): AuthHooks {
  return createApiKeyAuth(parseDigests(env.PILOT_API_KEYS));
}

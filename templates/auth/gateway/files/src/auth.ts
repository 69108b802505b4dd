/** The chosen auth (gateway), configured from the environment. */
import type { Env } from './kit/env.js';
import { createGatewayAuth, readGatewayConfig } from './kit/auth/gateway.js';
import type { AuthHooks } from './kit/auth/hooks.js';

export function createAuth(env: Env): AuthHooks {
  return createGatewayAuth(readGatewayConfig(env));
}

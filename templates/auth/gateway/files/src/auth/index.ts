/** The chosen auth (gateway), configured from the environment. */
import type { Env } from '../env.js';
import { createGatewayAuth, readGatewayConfig } from './gateway.js';
import type { AuthHooks } from './hooks.js';

export function createAuth(env: Env): AuthHooks {
  return createGatewayAuth(readGatewayConfig(env));
}

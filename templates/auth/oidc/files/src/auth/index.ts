/** The chosen auth (oidc), configured from the environment. */
import type { Env } from '../env.js';
import { type AuthHooks, denyAll } from './hooks.js';
import { createOidcAuth, readOidcConfig } from './oidc.js';

export function createAuth(env: Env): AuthHooks {
  const config = readOidcConfig(env);
  return config ? createOidcAuth(config) : { ...denyAll, describe: () => ({ kind: 'oidc', configured: false, detail: 'OIDC_JWKS_URL, OIDC_ISSUER and OIDC_AUDIENCE are unset: every request is denied' }) };
}

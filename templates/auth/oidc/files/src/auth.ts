/** The chosen auth (oidc), configured from the environment. */
import type { Env } from './kit/env.js';
import { type AuthHooks, denyAll } from './kit/auth/hooks.js';
import { createOidcAuth, readOidcConfig } from './kit/auth/oidc.js';

export function createAuth(env: Env): AuthHooks {
  const config = readOidcConfig(env);
  return config
    ? createOidcAuth(config)
    : { ...denyAll, describe: () => ({ kind: 'oidc', configured: false, detail: 'OIDC_JWKS_URL, OIDC_ISSUER and OIDC_AUDIENCE are unset: every request is denied' }) };
}

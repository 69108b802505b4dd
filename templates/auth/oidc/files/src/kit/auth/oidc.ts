/**
 * OIDC / OAuth 2 access tokens: `Authorization: Bearer <JWT>`, verified locally with jose against
 * the provider's JWKS. Only asymmetric algorithms from OIDC_ALGORITHMS are accepted, which is what
 * refuses `alg: none` and HS/RS confusion (an HS256 token "signed" with the public key): the
 * algorithm comes from our allow-list, never from the token. Issuer, audience, expiry and a
 * subject are required; anything else wrong (wrong key, expired, wrong audience) is a 401.
 */
import { type JWTPayload, type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { ConfigError, type Env, readNumber, readString } from '../env.js';
import { parseSecureUrl, urlForLog } from '../http/secure-url.js';
import { ACTIONS, type AuthHooks, AuthUnavailableError, type Principal, hasScope, headerValue } from './hooks.js';

export interface OidcConfig {
  jwksUrl: URL;
  issuer: string;
  audience: string;
  algorithms: string[];
  /** When set, tokens without this scope are known but granted nothing (403). */
  requiredScope?: string;
  /** String claims copied to principal.attributes, for row-permission rules. */
  attributeClaims: string[];
  clockToleranceS: number;
}

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
const REQUIRED = ['OIDC_JWKS_URL', 'OIDC_ISSUER', 'OIDC_AUDIENCE'] as const;
/** Far above any real access token; stops us from parsing megabytes of header. */
const MAX_TOKEN_LENGTH = 16 * 1024;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** null when none of the three required settings is set (deny all); ConfigError when only some are. */
export function readOidcConfig(env: Env): OidcConfig | null {
  const missing = REQUIRED.filter((name) => !readString(env, name));
  if (missing.length === REQUIRED.length) return null;
  if (missing.length > 0) throw new ConfigError(`oidc auth needs ${REQUIRED.join(', ')} together; missing: ${missing.join(', ')}`);
  const algorithms = list(readString(env, 'OIDC_ALGORITHMS') ?? 'RS256,ES256');
  const refused = algorithms.filter((alg) => !ASYMMETRIC_ALGORITHMS.includes(alg));
  if (refused.length > 0 || algorithms.length === 0) {
    throw new ConfigError(`OIDC_ALGORITHMS: ${refused.join(', ') || '(empty)'} not allowed; use asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')})`);
  }
  return {
    jwksUrl: parseSecureUrl('OIDC_JWKS_URL', readString(env, 'OIDC_JWKS_URL') ?? ''),
    issuer: readString(env, 'OIDC_ISSUER') ?? '',
    audience: readString(env, 'OIDC_AUDIENCE') ?? '',
    algorithms,
    requiredScope: readString(env, 'OIDC_REQUIRED_SCOPE'),
    attributeClaims: list(readString(env, 'OIDC_ATTRIBUTE_CLAIMS')),
    clockToleranceS: readNumber(env, 'OIDC_CLOCK_TOLERANCE_S', 30, { min: 0, max: 300 }),
  };
}

/** Scopes as providers send them: a space-separated `scope` string or an `scp` array. */
function tokenScopes(payload: JWTPayload): string[] {
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
  const scp = Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === 'string') : [];
  return [...scope, ...scp];
}

function attributes(payload: JWTPayload, claims: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const claim of claims) {
    const value = payload[claim];
    if (typeof value === 'string') out[claim] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[claim] = value.join(',');
  }
  return out;
}

/**
 * The provider could not be asked (JWKS down, timing out, answering garbage): not the caller's
 * fault, so 503 rather than 401. Every token problem is a specific JOSEError subclass instead.
 */
function isProviderFailure(err: unknown): boolean {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return true;
  if (err instanceof errors.JOSEError) return err.code === 'ERR_JOSE_GENERIC';
  return true; // fetch's own TypeError: connection refused, DNS, TLS
}

export function createOidcAuth(config: OidcConfig, keys?: JWTVerifyGetKey): AuthHooks {
  // Keys are cached and refetched at most every 30 s when a token names an unknown key id (rotation).
  const keySet = keys ?? createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return {
    describe: () => ({ kind: 'oidc', configured: true, detail: `tokens from ${config.issuer} for audience ${config.audience}, keys from ${urlForLog(config.jwksUrl)}` }),
    async authenticate(request): Promise<Principal | null> {
      const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(headerValue(request, 'authorization') ?? '');
      const token = match?.[1];
      if (!token || token.length > MAX_TOKEN_LENGTH) return null;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: config.clockToleranceS,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (err) {
        if (isProviderFailure(err)) throw new AuthUnavailableError(`cannot fetch the JWKS from ${urlForLog(config.jwksUrl)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        return null;
      }
      // jose checks exp and nbf but not an iat in the future: a token "issued" later than now (beyond
      // the clock tolerance) was minted by a wrong clock or forged to outlive its intended lifetime.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + config.clockToleranceS) return null;
      // The subject becomes the principal's id: a non-empty string, nothing else.
      const sub = payload.sub;
      if (typeof sub !== 'string' || sub.trim() === '') return null;
      const granted = !config.requiredScope || tokenScopes(payload).includes(config.requiredScope);
      return {
        // The subject is the provider's stable, opaque user id: fine in logs and audit records.
        id: `oidc:${sub.slice(0, 200)}`,
        kind: 'user',
        scopes: granted ? ACTIONS : [],
        attributes: attributes(payload, config.attributeClaims),
      };
    },
    authorize: async (principal, action) => hasScope(principal, action),
  };
}

/**
 * OIDC / OAuth 2 access tokens: `Authorization: Bearer <JWT>`, verified locally with jose against
 * the provider's JWKS. Only asymmetric algorithms from OIDC_ALGORITHMS are accepted, which is what
 * refuses `alg: none` and HS/RS confusion (an HS256 token "signed" with the public key): the
 * algorithm comes from our allow-list, never from the token. Issuer, audience, expiry and a
 * subject are required, and by default the RFC 9068 access-token type (`typ: at+jwt`), so an ID
 * token issued to a client whose id happens to equal the audience is not taken for an access
 * token. Anything else wrong is a 401 with a reason the auth guard logs (`auth_failed`).
 */
import { type JWTPayload, errors, jwtVerify } from 'jose';
import { ConfigError, type Env, readNumber, readString } from '../env.js';
import { parseSecureUrl, urlForLog } from '../http/secure-url.js';
import { ACTIONS, type AuthHooks, AuthUnavailableError, type Principal, type Refusal, hasScope, headerValue, refuse } from './hooks.js';
import { DEFAULT_JWKS_TIMINGS, type JwksKeyGetter, createJwksKeySet } from './jwks.js';

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
  /** OIDC_REQUIRE_AT_JWT (default on): the token's header must say `typ: at+jwt` (RFC 9068). */
  requireAtJwt: boolean;
  /** OIDC_JWKS_MAX_STALE_S: how long past its refresh the last good JWKS is used while the provider is unreachable. */
  jwksMaxStaleS: number;
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
    requireAtJwt: readFlag(env, 'OIDC_REQUIRE_AT_JWT', true),
    jwksMaxStaleS: readNumber(env, 'OIDC_JWKS_MAX_STALE_S', DEFAULT_JWKS_TIMINGS.maxStaleMs / 1000, { min: 0, max: 7 * 24 * 3600, integer: true }),
  };
}

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (raw === '1') return true;
  if (raw === '0') return false;
  throw new ConfigError(`${name}=${JSON.stringify(raw)} is not 1 or 0`);
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
 * Why jose refused a token, as the reason the auth guard logs. Provider failures are not here:
 * the key set throws AuthUnavailableError for those (503), and everything jose throws is the token's.
 */
function refusalReason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Record<string, string> = { aud: 'audience', iss: 'issuer', typ: 'type', nbf: 'not_yet_valid' };
    return byClaim[err.claim] ?? 'claims';
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return 'algorithm';
  return 'malformed';
}

export function createOidcAuth(config: OidcConfig, keys?: JwksKeyGetter): AuthHooks {
  // Refreshed every 10 minutes, at once for an unknown key id (rotation), kept through outages (./jwks.ts).
  const getKey = keys ?? createJwksKeySet(config.jwksUrl, { ...DEFAULT_JWKS_TIMINGS, maxStaleMs: config.jwksMaxStaleS * 1000 }).getKey;
  return {
    describe: () => ({ kind: 'oidc', configured: true, detail: `tokens from ${config.issuer} for audience ${config.audience}, keys from ${urlForLog(config.jwksUrl)}` }),
    async authenticate(request): Promise<Principal | Refusal> {
      const header = headerValue(request, 'authorization');
      if (!header) return refuse('missing');
      const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(header);
      const token = match?.[1];
      if (!token || token.length > MAX_TOKEN_LENGTH) return refuse('malformed');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, (protectedHeader, jws) => getKey(protectedHeader, jws, request.log), {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: config.clockToleranceS,
          requiredClaims: ['exp', 'sub'],
          ...(config.requireAtJwt ? { typ: 'at+jwt' } : {}),
        }));
      } catch (err) {
        if (err instanceof AuthUnavailableError) throw err;
        return refuse(refusalReason(err));
      }
      // jose checks exp and nbf but not an iat in the future: a token "issued" later than now (beyond
      // the clock tolerance) was minted by a wrong clock or forged to outlive its intended lifetime.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + config.clockToleranceS) return refuse('not_yet_valid');
      // The subject becomes the principal's id: a non-empty string, nothing else.
      const sub = payload.sub;
      if (typeof sub !== 'string' || sub.trim() === '') return refuse('claims');
      const granted = !config.requiredScope || tokenScopes(payload).includes(config.requiredScope);
      return {
        // The subject is the provider's stable, opaque user id; logs and audit lines still show only its keyed reference (server/principal-ref.ts).
        id: `oidc:${sub.slice(0, 200)}`,
        kind: 'user',
        scopes: granted ? ACTIONS : [],
        attributes: attributes(payload, config.attributeClaims),
      };
    },
    authorize: async (principal, action) => hasScope(principal, action),
  };
}

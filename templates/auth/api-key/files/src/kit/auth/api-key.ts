/**
 * API keys as bearer tokens: `Authorization: Bearer <key>`.
 * The service only knows sha256 digests (PILOT_API_KEYS), so a leaked config or log holds no
 * usable key. Digests are compared with crypto.timingSafeEqual, against every configured digest,
 * so response time says nothing about how close a guess was.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../env.js';
import { ACTIONS, type AuthHooks, type Principal, type Refusal, hasScope, headerValue, refuse } from './hooks.js';

const DIGEST = /^[0-9a-f]{64}$/;
/** Module-level rather than a literal in authenticate(): a literal is a new RegExp object on every call. */
const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** Why a request was refused, logged by the auth guard (never the key); built once, shared by every request. */
const MISSING = Object.freeze(refuse('missing'));
const MALFORMED = Object.freeze(refuse('malformed'));
const UNKNOWN_KEY = Object.freeze(refuse('unknown_key'));

/**
 * Every key may do every action (run the pipeline, send feedback, read /readyz). For per-caller
 * grants, keep a map from digest to scopes here, or use the oidc or gateway layer.
 */
const KEY_SCOPES = ACTIONS;

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** A new random key (256 bits) and the digest to configure. */
export function newKey(): { key: string; digest: string } {
  const key = `pk_${randomBytes(32).toString('base64url')}`;
  return { key, digest: sha256Hex(key) };
}

/** Parses PILOT_API_KEYS. Anything that is not a digest is refused: most likely a raw key pasted by mistake. */
export function parseDigests(value: string | undefined): Buffer[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    if (!DIGEST.test(entry)) {
      throw new ConfigError(`PILOT_API_KEYS entry ${i + 1} is not a sha256 hex digest (64 hex characters). Store digests, not keys: npm run auth:new-key`);
    }
  });
  return entries.map((entry) => Buffer.from(entry, 'hex'));
}

export function createApiKeyAuth(digests: readonly Buffer[]): AuthHooks {
  // One principal per configured key, built once (and frozen, as requests share them) instead of
  // on every request. The id names the key by a digest prefix: enough to tell keys apart in
  // logs, useless to an attacker.
  const principals = digests.map((digest): Principal => Object.freeze({ id: `api-key:${digest.toString('hex').slice(0, 12)}`, kind: 'service', scopes: KEY_SCOPES }));
  return {
    describe: () => ({
      kind: 'api-key',
      configured: digests.length > 0,
      detail: digests.length > 0 ? `${digests.length} key digest(s) configured` : 'PILOT_API_KEYS is empty: every request is denied',
    }),
    async authenticate(request): Promise<Principal | Refusal> {
      const header = headerValue(request, 'authorization');
      if (!header) return MISSING;
      const match = BEARER.exec(header);
      if (!match?.[1]) return MALFORMED;
      if (digests.length === 0) return UNKNOWN_KEY;
      // One-shot hash: every request pays for it, and it skips building a Hash object. Hex then
      // decoded, because crypto.hash's 'buffer' output takes about twice as long as both together.
      const presented = Buffer.from(hash('sha256', match[1], 'hex'), 'hex');
      // Every digest is compared, so the time taken does not say which key (if any) matched.
      let found: Principal | null = null;
      for (const [i, digest] of digests.entries()) {
        if (timingSafeEqual(presented, digest) && found === null) found = principals[i] ?? null;
      }
      return found ?? UNKNOWN_KEY;
    },
    authorize: async (principal, action) => hasScope(principal, action),
  };
}

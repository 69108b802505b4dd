/**
 * The identity provider's signing keys (its JWKS), fetched and kept here rather than by jose's
 * createRemoteJWKSet, for two things it does not do:
 *
 * - Rotation: a token naming a key id we do not hold refetches at once (jose waits out a 30 s
 *   cooldown after any fetch, so a token signed with a key just published got 401 meanwhile). The
 *   same unknown key id refetches at most once per `unknownKidCooldownMs`, and any two such fetches
 *   are `unknownKidMinIntervalMs` apart, so forged key ids cannot make us hammer the provider.
 * - Outages: keys are refreshed every `refreshMs`; while the provider cannot be reached, the last
 *   good keys are still used for `maxStaleMs` past that (jose answered every request with an error
 *   once its cache aged out), and the provider is asked again at most every `retryMs`, so requests
 *   do not each wait for a fetch that is bound to time out. Past that bound, 503.
 *
 * The keys themselves are matched and imported by jose (createLocalJWKSet).
 */
import { type FlattenedJWSInput, type JSONWebKeySet, type JWSHeaderParameters, createLocalJWKSet, errors } from 'jose';
import { urlForLog } from '../http/secure-url.js';
import { type AuthLog, AuthUnavailableError } from './hooks.js';

export interface JwksTimings {
  refreshMs: number;
  maxStaleMs: number;
  retryMs: number;
  timeoutMs: number;
  unknownKidCooldownMs: number;
  unknownKidMinIntervalMs: number;
}

export const DEFAULT_JWKS_TIMINGS: JwksTimings = {
  refreshMs: 10 * 60_000,
  maxStaleMs: 60 * 60_000,
  retryMs: 30_000,
  timeoutMs: 5_000,
  unknownKidCooldownMs: 30_000,
  unknownKidMinIntervalMs: 1_000,
};

/** Key ids remembered for the per-id cooldown; forged ids beyond this push out the oldest. */
const MAX_REMEMBERED_KIDS = 1_000;

type LocalKeys = ReturnType<typeof createLocalJWKSet>;
export type JwksKeyGetter = (header: JWSHeaderParameters, token: FlattenedJWSInput, log?: AuthLog) => ReturnType<LocalKeys>;

export interface JwksKeySet {
  getKey: JwksKeyGetter;
}

export function createJwksKeySet(url: URL, timings: JwksTimings = DEFAULT_JWKS_TIMINGS, now: () => number = Date.now): JwksKeySet {
  let keys: LocalKeys | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  /** When a token with an unknown key id last made us fetch. */
  let kidFetchAt = Number.NEGATIVE_INFINITY;
  /** The last fetch's failure, cleared by the next one that works. */
  let failure: string | null = null;
  let pending: Promise<void> | undefined;
  const triedKids = new Map<string, number>();

  async function fetchKeys(): Promise<void> {
    attemptedAt = now();
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timings.timeoutMs),
      redirect: 'manual',
      headers: { accept: 'application/json, application/jwk-set+json' },
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const next = createLocalJWKSet((await response.json()) as JSONWebKeySet);
    keys = next;
    fetchedAt = now();
    failure = null;
  }

  /** One fetch at a time; every caller waiting meanwhile shares it. Never rejects: a failure is kept in `failure`. */
  function refresh(log: AuthLog | undefined): Promise<void> {
    pending ??= fetchKeys()
      .catch((err: unknown) => {
        failure = describeFailure(err);
        log?.warn({ jwks: urlForLog(url), error: failure, keysAgeS: keys ? Math.round((now() - fetchedAt) / 1000) : null }, 'cannot fetch the JWKS');
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  /** The provider failed recently: do not make this request wait for another attempt. */
  const backingOff = () => failure !== null && now() - attemptedAt < timings.retryMs;

  /** Whether a token naming this unknown key id may trigger a fetch now; remembers that it did. */
  function mayFetchFor(kid: string): boolean {
    const at = now();
    if (backingOff() || at - kidFetchAt < timings.unknownKidMinIntervalMs) return false;
    const tried = triedKids.get(kid);
    if (tried !== undefined && at - tried < timings.unknownKidCooldownMs) return false;
    kidFetchAt = at;
    triedKids.delete(kid);
    triedKids.set(kid, at);
    // Oldest first (insertion order): drop the expired, and the oldest beyond the cap.
    for (const [old, time] of triedKids) {
      if (triedKids.size <= MAX_REMEMBERED_KIDS && at - time < timings.unknownKidCooldownMs) break;
      triedKids.delete(old);
    }
    return true;
  }

  async function usableKeys(log: AuthLog | undefined): Promise<LocalKeys> {
    const usable = () => keys !== undefined && now() - fetchedAt < timings.refreshMs + timings.maxStaleMs;
    // Backing off only while stale keys can answer: past that, every request is a 503 unless a fetch works.
    if (pending) await pending;
    else if (now() - fetchedAt >= timings.refreshMs && !(usable() && backingOff())) await refresh(log);
    if (!keys || !usable()) {
      const age = keys ? `the last good keys are ${Math.round((now() - fetchedAt) / 1000)} s old (OIDC_JWKS_MAX_STALE_S)` : 'no keys fetched yet';
      throw new AuthUnavailableError(`cannot fetch the JWKS from ${urlForLog(url)} (${failure ?? 'not fetched'}); ${age}`);
    }
    return keys;
  }

  return {
    async getKey(header, token, log) {
      const local = await usableKeys(log);
      try {
        return await local(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || !mayFetchFor(header.kid ?? '')) throw err;
        await refresh(log);
        // Still unknown, or the provider cannot say: the token names a key we do not trust (401).
        return await (keys ?? local)(header, token);
      }
    },
  };
}

/** fetch's own TypeError says only "fetch failed"; the cause has the code (ECONNREFUSED, ENOTFOUND...). */
function describeFailure(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'timed out';
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return cause.code;
  return err instanceof Error ? err.message : String(err);
}

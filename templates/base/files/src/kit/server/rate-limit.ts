/**
 * Per-principal rate limiting with @fastify/rate-limit. Its hook is added to each route after
 * the global auth hook (./auth-guard.ts), so the key is the authenticated principal: one caller
 * cannot use up another's budget, and unauthenticated requests (401 before this runs) are never
 * counted against anyone. The key is the principal's reference (./principal-ref.ts), never a raw
 * email, since with Redis it is stored outside the process.
 *
 * Without PILOT_REDIS_URL the counts are in this process's memory: three replicas allow three
 * times the limit. With it, every instance counts in one Redis through the plugin's own Redis
 * store, so the limit holds for the whole service.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { RateLimitConfig } from './config.js';
import './request.js';

export const DEFAULT_REDIS_KEY_PREFIX = 'pilot-rate-limit:';

/** A Redis client for the shared store: fails fast (no offline queue, one retry) so a dead Redis is a 503, not a hang. */
export function rateLimitRedis(url: string): Redis {
  return new Redis(url, { connectTimeout: 2_000, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
}

/** Can a command be sent now? ioredis says `ready` for a moment after its socket stopped being writable. */
export function storeReachable(redis: Redis): boolean {
  return redis.status === 'ready' && redis.stream?.writable === true;
}

/** What /readyz says about the store. */
export function storeState(redis: Redis): string {
  return storeReachable(redis) ? 'ok' : `error: Redis (PILOT_REDIS_URL) is ${redis.status === 'ready' ? 'closing' : redis.status}`;
}

export function rateLimitOptions(config: RateLimitConfig, redis?: Redis): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'onRequest',
    max: config.max,
    timeWindow: config.windowMs,
    ...(redis ? { redis, nameSpace: config.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX, skipOnError: false } : {}),
    keyGenerator: (request: FastifyRequest) => (request.principalRef ? `principal:${request.principalRef}` : `address:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded: at most ${context.max} requests per caller per window; retry in ${context.after} (Retry-After).`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
      }),
  };
}

/**
 * Per-principal rate limiting with @fastify/rate-limit. Its hook is added to each route after
 * the global auth hook (./auth-guard.ts), so the key is the authenticated principal: one caller
 * cannot use up another's budget, and unauthenticated requests (401 before this runs) are never
 * counted against anyone. The in-memory store is per process; with several replicas each allows
 * `max`: give the plugin its redis store to share one budget.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RateLimitConfig } from './config.js';
import './request.js';

export function rateLimitOptions(config: RateLimitConfig): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'onRequest',
    max: config.max,
    timeWindow: config.windowMs,
    keyGenerator: (request: FastifyRequest) => (request.principal ? `principal:${request.principal.id}` : `address:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Rate limit exceeded: at most ${context.max} requests per caller per window; retry in ${context.after} (Retry-After).`), {
        statusCode: 429,
        code: 'RATE_LIMITED',
      }),
  };
}

/** GET /healthz (liveness, public, says nothing) and GET /readyz (can this instance do its job?). */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { type Connector, systemPrincipal } from '../connectors/connector.js';
import type { ChatModel } from '../model/provider.js';
import type { Fallback } from './config.js';
import { storeState } from './rate-limit.js';
import './request.js';

/** A source that hangs must not hang the readiness probe with it. */
const CONNECTOR_CHECK_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface StatusDeps {
  model: ChatModel | null;
  /** With the baseline as fallback, an instance without a model still answers every request. */
  fallback: Fallback;
  connector: Connector | null;
  /** The last audit write's error, null while writes work. */
  auditError: () => string | null;
  redis: Redis | null;
}

export function statusRoutes(deps: StatusDeps) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { config: { public: true, audit: false, rateLimit: false } }, async () => ({ status: 'ok' }));

    // Audited only while audit writes fail: its own record is then the probe that finds them working again.
    // Not rate limited: a load balancer probes it every few seconds, and it must answer when the store is down.
    app.get('/readyz', { config: { action: 'service:status', resource: 'service', audit: 'when-failing', rateLimit: false } }, async (_request, reply) => {
      const checks: Record<string, string> = { model: deps.model ? 'ok' : deps.fallback === 'baseline' ? 'ok (not configured: the baseline answers)' : 'not configured' };
      const auditError = deps.auditError();
      checks.audit = auditError ? `error: audit records cannot be written (${auditError})` : 'ok';
      if (deps.redis) checks.rateLimitStore = storeState(deps.redis);
      if (deps.connector) {
        // Reads one row as the system: proves the source is reachable and the settings work.
        // read, not sample: a sample may walk the whole source (every page, the whole file).
        checks.connector = await withTimeout(deps.connector.read({ limit: 1 }, systemPrincipal('readyz')), CONNECTOR_CHECK_TIMEOUT_MS, 'the connector')
          .then(() => 'ok')
          .catch((err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`);
      }
      const ready = Object.values(checks).every((value) => value.startsWith('ok'));
      return reply.code(ready ? 200 : 503).send({ ready, checks });
    });
  };
}

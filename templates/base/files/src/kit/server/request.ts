/** What the service adds to Fastify's request and route config (module augmentation). */
import type { Action } from '../auth/hooks.js';
import type { Principal } from '../connectors/connector.js';
import type { AuditContext } from './audit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth guard; null on public routes and before authentication. */
    principal: Principal | null;
    /** The principal's id as logs, audit lines and feedback may hold it (./principal-ref.ts); null until authenticated. */
    principalRef: string | null;
    /** Filled in along the way, written out as the audit record when the response is sent. */
    audit: AuditContext | null;
  }
  interface FastifyContextConfig {
    /** No credentials needed (only /healthz). Everything else is denied by default. */
    public?: boolean;
    /** What authorize() is asked before the handler runs. */
    action?: Action;
    resource?: string;
    /**
     * false: no audit record (health probes, which would drown the real calls); 'when-failing': a
     * record only while audit writes fail, so the readiness probe finds out when they work again.
     */
    audit?: boolean | 'when-failing';
  }
}

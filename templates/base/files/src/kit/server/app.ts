/**
 * The service boundary: the only way callers reach the pipeline. Wires the pieces in the order
 * a request meets them: socket timeouts (headers, body, whole request, idle) -> request id and
 * audit context -> auth guard (401/403, before the body is read) -> rate limit per principal
 * (429) -> body limit and JSON parsing (413/415/400) -> audit still writable (503) -> route
 * (schema 400, pipeline) -> one audit record as the response is sent (503 if it cannot be).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { AuthHooks } from '../auth/hooks.js';
import { type Connector, redact } from '../connectors/connector.js';
import type { ChatModel } from '../model/provider.js';
import { type AuditRecord, type AuditSink, auditTrail, hashInput, isoTimeNow, newAuditContext, outcomeForStatus } from './audit.js';
import { authGuard } from './auth-guard.js';
import { clientErrorHandler, frameworkErrorHandler, trackRequest } from './client-errors.js';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_FEEDBACK_FILE, DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUTS, type Fallback, type RateLimitConfig, type TimeoutConfig } from './config.js';
import { errorHandler, problem } from './errors.js';
import { feedbackRoute } from './feedback-route.js';
import { useDepthBoundJsonParser } from './json-body.js';
import { serviceLogger } from './log.js';
import { pipelineRoute } from './pipeline-route.js';
import { clientAddress } from './client-address.js';
import { clientRef, keyedDigest, principalRefs } from './principal-ref.js';
import { rateLimitOptions, storeReachable } from './rate-limit.js';
import { statusRoutes } from './status-routes.js';
import './request.js';

export interface ServerDeps {
  /** null: no model configured; the pipeline route answers 503 (or the baseline does, see `fallback`). */
  model: ChatModel | null;
  /** PILOT_FALLBACK; default `none`. */
  fallback?: Fallback;
  auth: AuthHooks;
  connector?: Connector | null;
  /** Larger bodies are refused with 413 before they are parsed. */
  bodyLimitBytes?: number;
  rateLimit?: RateLimitConfig;
  /** The shared rate-limit store (PILOT_REDIS_URL, see ./rate-limit.ts); the app does not close it. */
  redis?: Redis;
  timeouts?: TimeoutConfig;
  /** Where audit records go; default: the log stream, as `{"audit": {...}}` lines. */
  audit?: AuditSink;
  /** true (default): a call whose audit record cannot be written gets 503, and /readyz says so. */
  auditRequired?: boolean;
  /** Key of the people's references in audit, feedback and logs (./principal-ref.ts). */
  auditHashKey?: string;
  feedbackFile?: string;
  logger?: FastifyServerOptions['logger'];
}

/**
 * A caller's x-request-id is never the request's id (two callers could make audit lines share
 * one); a plain token of up to 64 characters is kept beside it, as the audit record's
 * callerRequestId, redacted like any stored text: a card number or a phone fits the pattern too.
 */
const CALLER_REQUEST_ID = /^[\w.-]{1,64}$/;

export function buildServer(deps: ServerDeps): FastifyInstance {
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const timeouts = deps.timeouts ?? DEFAULT_TIMEOUTS;
  const auditRequired = deps.auditRequired ?? true;
  const app = Fastify({
    logger: serviceLogger(deps.logger),
    bodyLimit: bodyLimitBytes,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // Node enforces the header and whole-request bounds (408, socket closed), checked this often.
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
    },
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    // What the router and Node's HTTP parser refuse is answered in our shape and audited too.
    frameworkErrors: frameworkErrorHandler(() => trail),
    clientErrorHandler: clientErrorHandler(
      () => trail,
      (err, message) => app.log.error({ err }, message),
    ),
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('principalRef', null);
  app.decorateRequest('audit', null);
  // Only JSON is parsed: Fastify's default text/plain parser would hand routes a string (400), not 415.
  app.removeContentTypeParser('text/plain');
  // Nested too deep: 400 before anything recursive (the input hash, the schema) sees the body.
  useDepthBoundJsonParser(app);

  // Written before the response leaves, so a caller that got an answer can already find its record.
  const sink: AuditSink = deps.audit ?? ((record) => app.log.info({ audit: record }, 'audit'));
  // The trail's health (trail.error()) is the last write's error, cleared by the next write that works.
  const trail = auditTrail(sink);

  // This hook and onSend below take a callback rather than being async: every request runs
  // them, and Fastify then makes no promise of its own per hook. One hook for the request id, the
  // audit context and the auth guard, so the route's options (which Fastify builds anew on each
  // read of request.routeOptions) are read once per request.
  const digest = keyedDigest(deps.auditHashKey);
  const guard = authGuard(deps.auth, principalRefs(digest));
  const isTrustedProxy = deps.auth.isTrustedProxy?.bind(deps.auth);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    trackRequest(request.raw, reply.raw, request.id);
    const route = request.routeOptions;
    const audited = route.config.audit ?? true;
    if (audited === true || (audited === 'when-failing' && trail.error())) {
      const given = request.headers['x-request-id'];
      const client = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], isTrustedProxy);
      request.audit = newAuditContext(route.url ?? null, typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? redact(given) : null, client && clientRef(digest, client));
    }
    guard(request, reply, route.config, done);
  });

  // Without its shared store the rate limit cannot be applied: 503 at once, not a hang or a 500.
  const redis = deps.redis;
  if (redis) {
    app.addHook('onRequest', (request, reply, done) => {
      if (storeReachable(redis) || request.routeOptions.config.rateLimit === false) return done();
      problem(reply, 503, 'rate_limit_unavailable', 'The shared rate-limit store (PILOT_REDIS_URL) cannot be reached; try again later.');
    });
  }

  // An audit trail that is failing refuses the work up front, so nothing is done unrecorded.
  if (auditRequired) {
    app.addHook('preHandler', (request, reply, done) => {
      const auditError = trail.error();
      if (!auditError || !request.audit || request.routeOptions.config.audit === 'when-failing') return done();
      problem(reply, 503, 'audit_unavailable', `Audit records cannot be written (${auditError}); the call was not run.`);
    });
  }

  // Shutting down: answers still in flight go out with `connection: close`, or a client's idle
  // keep-alive socket would hold close() open until its timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    const audit = request.audit;
    if (!audit) return done(null, payload);
    request.audit = null; // one record per call, even if onSend runs again for an error reply
    const record: AuditRecord = {
      type: 'audit',
      time: isoTimeNow(),
      requestId: request.id,
      callerRequestId: audit.callerRequestId,
      principal: audit.principal,
      client: audit.client,
      method: request.method,
      route: audit.route,
      action: audit.action,
      status: reply.statusCode,
      outcome: reply.statusCode < 400 ? (audit.outcome ?? 'ok') : (audit.outcome ?? outcomeForStatus(reply.statusCode)),
      inputSha256: hashInput(request.body),
      model: audit.model,
      source: audit.source,
      fallbackReason: audit.fallbackReason,
      latencyMs: Math.round(performance.now() - audit.startedAt),
      modelLatencyMs: audit.modelLatencyMs,
    };
    trail.write(record).then(
      () => done(null, payload),
      (err: unknown) => {
        const auditError = trail.error();
        // A failing audit trail must page someone, so it logs at error.
        request.log.error({ err, requestId: request.id }, 'audit record could not be written');
        // Not required, or the readiness probe (whose answer already says the audit is failing): sent as is.
        if (!auditRequired || request.routeOptions.config.audit === 'when-failing') return done(null, payload);
        // Required: the answer is withheld, since it could not be recorded.
        reply.code(503).header('content-type', 'application/json; charset=utf-8');
        done(null, JSON.stringify({ error: 'audit_unavailable', message: `The audit record could not be written (${auditError}); the answer was withheld.` }));
      },
    );
  });

  app.setErrorHandler(errorHandler(bodyLimitBytes, () => Boolean(redis && !storeReachable(redis))));
  app.setNotFoundHandler((_request, reply) => problem(reply, 404, 'not_found', 'No such route.'));

  // Plugins load in order: the rate limiter (not encapsulated) must be in place before the routes it limits.
  app.register(rateLimit, rateLimitOptions(deps.rateLimit ?? DEFAULT_RATE_LIMIT, redis));
  const fallback = deps.fallback ?? 'none';
  app.register(statusRoutes({ model: deps.model, fallback, connector: deps.connector ?? null, auditError: trail.error, redis: redis ?? null }));
  app.register(pipelineRoute({ model: deps.model, fallback }));
  app.register(feedbackRoute({ feedbackFile: deps.feedbackFile ?? DEFAULT_FEEDBACK_FILE }));

  const connector = deps.connector;
  if (connector) app.addHook('onClose', async () => connector.close());
  // onClose runs once in-flight requests are answered, so every audit record has been written.
  const closeSink = sink.close;
  if (closeSink) app.addHook('onClose', async () => closeSink());
  return app;
}

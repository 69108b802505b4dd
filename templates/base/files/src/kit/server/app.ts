/**
 * The service boundary: the only way callers reach the pipeline. Wires the pieces in the order
 * a request meets them: request id and audit context -> auth guard (401/403, before the body is
 * read) -> rate limit per principal (429) -> body limit and JSON parsing (413/400) -> route
 * (schema 400, pipeline) -> one audit record as the response is sent.
 */
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AuthHooks } from '../auth/hooks.js';
import type { Connector } from '../connectors/connector.js';
import type { ChatModel } from '../model/provider.js';
import { type AuditRecord, type AuditSink, hashInput, isoTimeNow, newAuditContext, outcomeForStatus } from './audit.js';
import { authGuard } from './auth-guard.js';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_FEEDBACK_FILE, DEFAULT_RATE_LIMIT, type Fallback, type RateLimitConfig } from './config.js';
import { errorHandler, problem } from './errors.js';
import { feedbackRoute } from './feedback-route.js';
import { pipelineRoute } from './pipeline-route.js';
import { rateLimitOptions } from './rate-limit.js';
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
  /** Where audit records go; default: the log stream, as `{"audit": {...}}` lines. */
  audit?: AuditSink;
  feedbackFile?: string;
  logger?: FastifyServerOptions['logger'];
}

/** A caller's x-request-id is kept when it is a plain token (it ends up in logs), else a new one. */
const REQUEST_ID = /^[\w.-]{1,64}$/;

export function buildServer(deps: ServerDeps): FastifyInstance {
  const bodyLimitBytes = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('audit', null);

  // This hook and onSend below take a callback rather than being async: every request runs
  // them, and Fastify then makes no promise of its own per hook. One hook for the request id, the
  // audit context and the auth guard, so the route's options (which Fastify builds anew on each
  // read of request.routeOptions) are read once per request.
  const guard = authGuard(deps.auth);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const route = request.routeOptions;
    if (route.config.audit !== false) request.audit = newAuditContext(route.url ?? null);
    guard(request, reply, route.config, done);
  });

  // Shutting down: answers still in flight go out with `connection: close`, or a client's idle
  // keep-alive socket would hold close() open until its timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  // Written before the response leaves, so a caller that got an answer can already find its record.
  const sink: AuditSink = deps.audit ?? ((record) => app.log.info({ audit: record }, 'audit'));
  app.addHook('onSend', (request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    const audit = request.audit;
    if (!audit) return done(null, payload);
    request.audit = null; // one record per call, even if onSend runs again for an error reply
    const record: AuditRecord = {
      type: 'audit',
      time: isoTimeNow(),
      requestId: request.id,
      principal: audit.principal,
      method: request.method,
      route: audit.route,
      action: audit.action,
      status: reply.statusCode,
      outcome: reply.statusCode < 400 ? (audit.outcome ?? 'ok') : (audit.outcome ?? outcomeForStatus(reply.statusCode)),
      inputSha256: hashInput(request.body),
      model: audit.model,
      source: audit.source,
      fallbackReason: audit.fallbackReason,
      latencyMs: Math.round(reply.elapsedTime),
      modelLatencyMs: audit.modelLatencyMs,
    };
    let stored: Promise<void> | void;
    try {
      stored = sink(record);
    } catch (err) {
      stored = Promise.reject(err);
    }
    // Callbacks inline, not in named consts: tsx (npm start) names each such closure as it is created.
    Promise.resolve(stored).then(
      () => done(null, payload),
      (err: unknown) => {
        // The answer still goes out; a failing audit trail must page someone, so it logs at error.
        request.log.error({ err, requestId: request.id }, 'audit record could not be written');
        done(null, payload);
      },
    );
  });

  app.setErrorHandler(errorHandler(bodyLimitBytes));
  app.setNotFoundHandler((_request, reply) => problem(reply, 404, 'not_found', 'No such route.'));

  // Plugins load in order: the rate limiter (not encapsulated) must be in place before the routes it limits.
  app.register(rateLimit, rateLimitOptions(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  const fallback = deps.fallback ?? 'none';
  app.register(statusRoutes({ model: deps.model, fallback, connector: deps.connector ?? null }));
  app.register(pipelineRoute({ model: deps.model, fallback }));
  app.register(feedbackRoute({ feedbackFile: deps.feedbackFile ?? DEFAULT_FEEDBACK_FILE }));

  const connector = deps.connector;
  if (connector) app.addHook('onClose', async () => connector.close());
  // onClose runs once in-flight requests are answered, so every audit record has been written.
  const closeSink = sink.close;
  if (closeSink) app.addHook('onClose', async () => closeSink());
  return app;
}

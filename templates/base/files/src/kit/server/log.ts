/**
 * The service log's shape. Fastify's request line would log the raw URL: a query string can carry
 * a key or an email (`?key=...&email=...`) and a path can carry personal data
 * (`/x/john@example.com`), from anyone, authenticated or not. So a request is logged by its route
 * pattern (`/v1/classify`, or `(no route)`), never its URL, and credential headers are redacted
 * should a serializer ever log headers.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.headers["proxy-authorization"]'];

/** What the request line says about a request: method, route pattern, peer address. */
export function requestForLog(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)', remoteAddress: request.ip };
}

/** The logger option with the request serializer and redaction added (false stays false). */
export function serviceLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  const given = options.redact;
  const paths = Array.isArray(given) ? given : (given?.paths ?? []);
  return {
    ...options,
    redact: { paths: [...new Set([...paths, ...REDACTED_PATHS])], censor: '[redacted]' },
    serializers: { ...options.serializers, req: requestForLog as never },
  };
}

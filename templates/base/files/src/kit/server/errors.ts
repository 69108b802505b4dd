/**
 * Every error answer has the same shape, `{error, message, issues?}`, with `error` a stable code
 * callers can branch on. The code is also the audit record's outcome.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { requestTimedOut } from './client-errors.js';

export interface Problem {
  error: string;
  message: string;
  issues?: string[];
}

/** Sends an error answer and records its code as the call's outcome. */
export function problem(reply: FastifyReply, status: number, error: string, message: string, issues?: string[]): FastifyReply {
  if (reply.request.audit) reply.request.audit.outcome = error;
  const body: Problem = issues ? { error, message, issues } : { error, message };
  return reply.code(status).send(body);
}

/** Fastify's and plugins' own errors (body too large, bad JSON, rate limit) in plain words. 5xx say nothing internal. */
export function errorHandler(bodyLimitBytes: number, sharedStoreDown: () => boolean = () => false) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    // The body stopped arriving and Node's request timeout closed the socket (./client-errors.ts
    // sent the 408): recorded as what it was, not as the reset the body stream saw.
    if (requestTimedOut(request.raw)) return problem(reply, 408, 'request_timeout', 'The request body did not arrive in time (PILOT_REQUEST_TIMEOUT_MS).');
    // The shared rate-limit store went away between the check in ./app.ts and its command.
    if (error.statusCode === undefined && sharedStoreDown()) {
      request.log.error({ err: error }, 'rate-limit store (PILOT_REDIS_URL) unavailable');
      return problem(reply, 503, 'rate_limit_unavailable', 'The shared rate-limit store (PILOT_REDIS_URL) cannot be reached; try again later.');
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return problem(reply, 500, 'internal_error', 'Something went wrong; see the service logs.');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return problem(reply, 413, 'body_too_large', `The request body is larger than ${bodyLimitBytes} bytes (PILOT_BODY_LIMIT_BYTES).`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return problem(reply, 415, 'unsupported_media_type', 'Send the body as JSON with content-type: application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return problem(reply, 400, 'malformed_json', 'content-type is application/json but the body is empty.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return problem(reply, 400, 'malformed_json', 'The body is not valid JSON.');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return problem(reply, 400, 'bad_request', 'content-length does not match the body.');
    }
    // Our own errors (e.g. RATE_LIMITED from ./rate-limit.ts) carry their code; others are bad_request.
    return problem(reply, status, (error.code ?? 'bad_request').toLowerCase(), error.message);
  };
}

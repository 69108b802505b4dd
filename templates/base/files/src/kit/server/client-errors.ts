/**
 * Requests the server refuses before any route or hook sees them, answered in the service's own
 * shape (`{error, message}`, ./errors.ts) and each recorded by one audit line, like every call:
 *
 * - a URL the router cannot decode (`//%`, `/%zz`): Fastify's `frameworkErrors`;
 * - an HTTP message Node's parser refuses (an unknown method, a body longer than its
 *   content-length, transfer-encoding with content-length), headers over the size limit (431) and
 *   headers or a body too slow to arrive (408): Node's `clientError`, Fastify's `clientErrorHandler`.
 *
 * Fastify's defaults answer these in its own shape (`FST_ERR_BAD_URL`, `Client Error`) and audit
 * nothing. Neither answer echoes the URL: it may carry data.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type AuditTrail, boundaryRecord } from './audit.js';
import type { Problem } from './errors.js';

interface Refusal {
  status: number;
  problem: Problem;
}

/** What a refused HTTP message is told, by the parser's (or Node's) error code. */
function clientErrorRefusal(code: string | undefined): Refusal {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, problem: { error: 'request_timeout', message: 'The request did not arrive in time (PILOT_HEADERS_TIMEOUT_MS / PILOT_REQUEST_TIMEOUT_MS).' } };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, problem: { error: 'headers_too_large', message: 'The request headers are larger than the server accepts.' } };
    default:
      return { status: 400, problem: { error: 'malformed_request', message: 'The request is not valid HTTP/1.1 (method, content-length or transfer-encoding).' } };
  }
}

/** What a URL or route the router cannot handle is told. */
function frameworkRefusal(error: FastifyError): Refusal {
  if (error.code === 'FST_ERR_BAD_URL') return { status: 400, problem: { error: 'bad_url', message: 'The URL is not valid: a % must be followed by two hex digits.' } };
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, problem: { error: 'url_too_long', message: 'A part of the URL is too long.' } };
  return { status: 500, problem: { error: 'internal_error', message: 'Something went wrong; see the service logs.' } };
}

/**
 * Requests a route is still reading, by socket: when their body is too slow, Node's request
 * timeout arrives as a clientError, but the request's own path answers and audits it (./errors.ts
 * reads `timedOut`), so it is counted once and with its true status.
 */
const reading = new WeakMap<Socket, { raw: IncomingMessage; res: ServerResponse; id: string }>();
const timedOut = new WeakSet<Socket>();

/** Called as each request enters the app (the onRequest hook). */
export function trackRequest(raw: IncomingMessage, res: ServerResponse, id: string): void {
  reading.set(raw.socket, { raw, res, id });
}

/** True when Node's request timeout closed this request's socket while its body was arriving. */
export function requestTimedOut(raw: IncomingMessage): boolean {
  return timedOut.has(raw.socket);
}

/** The HTTP/1.1 answer written straight to the socket: no request object exists to answer through. */
function rawAnswer(status: number, problem: Problem, requestId: string): string {
  const body = JSON.stringify(problem);
  const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`;
}

/** Fastify's `clientErrorHandler`: one audit line, then the answer, then the socket is closed. */
export function clientErrorHandler(trail: () => AuditTrail, logError: (err: unknown, message: string) => void) {
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset or an already closed socket: the client went away, there is nobody to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, problem } = clientErrorRefusal(err.code);
    const inFlight = reading.get(socket);
    if (inFlight && !inFlight.raw.complete) {
      // Its route is reading the body: that path writes the audit line (as a 408), this one answers.
      timedOut.add(socket);
      if (socket.writable) socket.write(rawAnswer(status, problem, inFlight.id));
      socket.destroy(err);
      return;
    }
    const refuse = () => {
      const requestId = randomUUID();
      trail()
        .write(boundaryRecord(requestId, null, status, problem.error))
        .catch((writeError: unknown) => logError(writeError, 'audit record could not be written'))
        .finally(() => {
          if (socket.writable) socket.write(rawAnswer(status, problem, requestId));
          socket.destroy(err);
        });
    };
    // Pipelined after a request still being answered (a body longer than its content-length):
    // that answer goes out first, then this refusal closes the socket.
    if (inFlight && !inFlight.res.writableFinished && !inFlight.res.destroyed) inFlight.res.once('close', refuse);
    else refuse();
  };
}

/** Fastify's `frameworkErrors`: the request exists but reaches no route and runs no hook, so it is audited here. */
export function frameworkErrorHandler(trail: () => AuditTrail) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, problem } = frameworkRefusal(error);
    if (status >= 500) request.log.error({ err: error }, 'router error');
    reply.header('x-request-id', request.id);
    trail()
      .write(boundaryRecord(request.id, request.method, status, problem.error))
      .catch((writeError: unknown) => request.log.error({ err: writeError, requestId: request.id }, 'audit record could not be written'))
      .finally(() => reply.code(status).send(problem));
  };
}

/**
 * Authentication and authorization for every route, as one global onRequest hook: it runs before
 * the body is read (unauthenticated callers cannot make us parse anything) and before any
 * route-level hook (rate limiting keys on the principal it sets). Routes opt out with
 * `config.public`; unknown routes need credentials too, so probing them reveals nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthHooks, AuthUnavailableError } from '../auth/hooks.js';
import { problem } from './errors.js';
import './request.js';

export function authGuard(auth: AuthHooks) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    if (config.public) return;
    if (request.audit) request.audit.action = config.action ?? null;

    let principal;
    try {
      principal = await auth.authenticate({
        method: request.method,
        url: request.url,
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress,
      });
    } catch (err) {
      if (!(err instanceof AuthUnavailableError)) throw err;
      request.log.error({ err }, 'auth provider unavailable');
      return problem(reply, 503, 'auth_unavailable', 'Credentials cannot be checked right now; try again later.');
    }
    if (!principal) {
      reply.header('www-authenticate', 'Bearer');
      return problem(reply, 401, 'unauthenticated', 'Missing or invalid credentials.');
    }
    request.principal = principal;
    if (request.audit) request.audit.principal = principal.id;

    // No action: an unknown route; an authenticated caller gets the 404.
    if (!config.action) return;
    const resource = config.resource ?? 'service';
    if (!(await auth.authorize(principal, config.action, resource))) {
      request.log.warn({ principal: principal.id, action: config.action, resource }, 'forbidden');
      return problem(reply, 403, 'forbidden', `Not allowed to ${config.action} on ${resource}.`);
    }
  };
}

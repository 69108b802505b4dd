/**
 * Authentication and authorization for every route, run by the app's global onRequest hook
 * (./app.ts): before the body is read (unauthenticated callers cannot make us parse anything) and
 * before any route-level hook (rate limiting keys on the principal it sets). Routes opt out with
 * `config.public`; unknown routes need credentials too, so probing them reveals nothing.
 */
import type { FastifyContextConfig, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type AuthHooks, AuthUnavailableError, type Principal, type Refusal } from '../auth/hooks.js';
import { problem } from './errors.js';
import type { PrincipalRef } from './principal-ref.js';
import './request.js';

/** done(err) with a falsy err would let the request through: never pass one. */
const asError = (err: unknown): Error => (err || new Error('auth hook failed without a reason')) as Error;

/** Sends an early answer; should that throw, the error handler answers instead, as it did when this hook was async. */
function answerEarly(done: HookHandlerDoneFunction, send: () => void): void {
  try {
    send();
  } catch (err) {
    done(asError(err));
  }
}

/**
 * Returns the check, in Fastify's callback style: `done()` lets the request go on, `done(err)`
 * hands an unexpected error to the error handler, and an answer sent here (401, 403, 503) ends
 * the request without `done`. Callbacks rather than async/await: every request runs this, and
 * Fastify then makes no promise of its own for the hook. `config` is the route's config, read
 * once by the caller (Fastify builds `request.routeOptions` anew on each read).
 */
export function authGuard(auth: AuthHooks, refOf: PrincipalRef) {
  return (request: FastifyRequest, reply: FastifyReply, config: FastifyContextConfig, done: HookHandlerDoneFunction): void => {
    if (config.public) {
      done();
      return;
    }
    const audit = request.audit;
    if (audit) audit.action = config.action ?? null;

    let authenticated: Promise<Principal | Refusal | null>;
    try {
      authenticated = auth.authenticate({
        method: request.method,
        url: request.url,
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress,
        log: request.log,
      });
    } catch (err) {
      authenticated = Promise.reject(err);
    }
    Promise.resolve(authenticated).then(
      (principal) => {
        if (!principal || 'refused' in principal) {
          return answerEarly(done, () => {
            // Why, never the credential: an expired token, a wrong audience and an unknown key look alike to the caller, not to the operator.
            request.log.info({ reason: principal?.refused ?? 'unspecified' }, 'auth_failed');
            // The body is never read: closing the socket stops an unauthenticated client dripping it.
            reply.header('connection', 'close');
            reply.header('www-authenticate', 'Bearer');
            problem(reply, 401, 'unauthenticated', 'Missing or invalid credentials.');
          });
        }
        request.principal = principal;
        const ref = refOf(principal);
        request.principalRef = ref;
        if (audit) audit.principal = ref;

        // No action: an unknown route; an authenticated caller gets the 404.
        const action = config.action;
        if (!action) return done();
        const resource = config.resource ?? 'service';
        let allowed: Promise<boolean>;
        try {
          allowed = auth.authorize(principal, action, resource);
        } catch (err) {
          allowed = Promise.reject(err);
        }
        Promise.resolve(allowed).then(
          (yes) => {
            if (yes) return done();
            answerEarly(done, () => {
              request.log.warn({ principal: ref, action, resource }, 'forbidden');
              problem(reply, 403, 'forbidden', `Not allowed to ${action} on ${resource}.`);
            });
          },
          (err: unknown) => done(asError(err)),
        );
      },
      (err: unknown) => {
        if (!(err instanceof AuthUnavailableError)) return done(asError(err));
        answerEarly(done, () => {
          request.log.error({ err }, 'auth provider unavailable');
          problem(reply, 503, 'auth_unavailable', 'Credentials cannot be checked right now; try again later.');
        });
      },
    );
  };
}

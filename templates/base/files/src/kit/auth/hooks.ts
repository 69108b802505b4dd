/**
 * Authentication and authorization hooks at the service boundary. The auth layer exports
 * `createAuth(env)` from src/kit/auth.ts returning these. Deny is the default everywhere:
 * no credentials, unknown credentials or an action not granted all mean no.
 */
import type { Principal } from '../connectors/connector.js';

export type { Principal } from '../connectors/connector.js';

/**
 * Everything the service lets a caller do. Add an action here before granting it anywhere.
 * `pipeline:run`: POST /v1/<use-case>; `feedback:submit`: POST /v1/feedback; `service:status`: GET /readyz.
 */
export const ACTIONS = ['pipeline:run', 'feedback:submit', 'service:status'] as const;
export type Action = (typeof ACTIONS)[number];

/** The parts of an HTTP request auth may look at; independent of the web framework. */
export interface AuthRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The TCP peer's address (never a forwarded header): what a trusted-proxy check must use. */
  remoteAddress?: string;
  /** The request's log, for what auth notices on the way (the identity provider unreachable...). Never log credentials. */
  log?: AuthLog;
}

export interface AuthLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/**
 * Credentials refused, with why: the auth guard answers 401 and logs `auth_failed` with the reason
 * at info level (never the credential), so an operator can tell an expired token from a wrong
 * audience or an unknown key. The reason is a short code: `missing`, `malformed`, `expired`,
 * `audience`, `issuer`, `unknown_key`, `signature`, `type`...
 */
export interface Refusal {
  refused: string;
}

export const refuse = (reason: string): Refusal => ({ refused: reason });

export interface AuthInfo {
  kind: string;
  /** False while no caller could ever be accepted (e.g. no keys configured yet). */
  configured: boolean;
  detail: string;
}

export interface AuthHooks {
  describe(): AuthInfo;
  /** The caller, or a refusal saying why (answered with 401); null is a refusal without a reason. */
  authenticate(request: AuthRequest): Promise<Principal | Refusal | null>;
  /** Whether this principal may do this action on this resource (false is answered with 403). */
  authorize(principal: Principal, action: Action, resource: string): Promise<boolean>;
  /**
   * Whether a peer at this address is a proxy whose X-Forwarded-For is believed (the gateway's
   * PILOT_TRUSTED_PROXIES). The audit records the first address in that header a trusted proxy did
   * not add; without this hook the TCP peer is the client.
   */
  isTrustedProxy?(address: string): boolean;
}

/**
 * authenticate() could not decide because something it depends on is down (e.g. the identity
 * provider's key set cannot be fetched). Answered with 503, not 401: the caller did nothing wrong.
 */
export class AuthUnavailableError extends Error {
  override name = 'AuthUnavailableError';
}

/** Used when nothing else is configured: nobody gets in. */
export const denyAll: AuthHooks = {
  describe: () => ({ kind: 'deny-all', configured: false, detail: 'no auth configured: every request is denied' }),
  authenticate: async () => null,
  authorize: async () => false,
};

/** The common rule: a principal may do exactly the actions in its scopes. */
export function hasScope(principal: Principal, action: Action): boolean {
  return principal.scopes.includes(action);
}

/** First value of a header, since Node gives repeated headers as arrays. */
export function headerValue(request: AuthRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

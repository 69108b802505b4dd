/**
 * URL settings that carry or fetch credentials (a bearer token, a JWKS). Plain http would send the
 * token, or accept keys, in clear text, so it is refused except on loopback (local development
 * and the tests' loopback servers).
 */
import { ConfigError, type Env, readString } from '../env.js';

/** localhost, 127.0.0.0/8 and ::1: traffic that never leaves this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** A URL as logs and messages may show it: no user, password, query or fragment (they may carry secrets). */
export function urlForLog(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Parses an https URL (http only for loopback) without credentials in it. Throws ConfigError
 * naming the variable. A `user:password@` part is refused: fetch will not send a request to such
 * a URL (every call would fail, with the password in the error), and a settings dump or a log
 * line would show it. Credentials go in their own variables.
 */
export function parseSecureUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Whatever stands before an @ may be a password: never echoed.
    throw new ConfigError(`${name}=${JSON.stringify(raw.replace(/^([^:/?#]+:\/\/)[^/?#]*@/, '$1***@'))} is not a URL`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`${name} has credentials in it (user:password@${url.host}): remove them from the URL; a credential goes in its own setting`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    throw new ConfigError(`${name} must use https (plain http is only allowed for localhost/127.0.0.1): ${url.origin}`);
  }
  throw new ConfigError(`${name} must be an https URL, not ${url.protocol}`);
}

export function readSecureUrl(env: Env, name: string): URL | undefined {
  const raw = readString(env, name);
  return raw === undefined ? undefined : parseSecureUrl(name, raw);
}

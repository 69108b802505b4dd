/**
 * Identity from an auth proxy: the proxy authenticates the caller and sets a header
 * (PILOT_AUTH_HEADER, default x-forwarded-user). Anyone can send that header, so it is believed
 * only when the TCP peer, the socket's own address and never X-Forwarded-For, is one of
 * PILOT_TRUSTED_PROXIES. Everything else, including a request from a trusted proxy without the
 * header, is a 401.
 */
import { BlockList, isIP } from 'node:net';
import { ConfigError, type Env, readString } from '../env.js';
import { ACTIONS, type AuthHooks, type Principal, type Refusal, hasScope, headerValue, refuse } from './hooks.js';

export interface GatewayConfig {
  /** Parsed from PILOT_TRUSTED_PROXIES; empty = nobody trusted. */
  trusted: readonly string[];
  header: string;
}

/** Proxies send user names, emails or opaque ids. Spaces, commas and control characters are not an id. */
const IDENTITY = /^[\w.@+=:/\\-]{1,256}$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

export function readGatewayConfig(env: Env): GatewayConfig {
  const header = (readString(env, 'PILOT_AUTH_HEADER') ?? 'x-forwarded-user').toLowerCase();
  if (!HEADER_NAME.test(header)) throw new ConfigError(`PILOT_AUTH_HEADER=${JSON.stringify(header)} is not a header name`);
  if (header === 'authorization' || header === 'cookie') throw new ConfigError(`PILOT_AUTH_HEADER cannot be ${header}: it would be logged as an identity`);
  const trusted = (readString(env, 'PILOT_TRUSTED_PROXIES') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  toBlockList(trusted); // fail at startup on a bad entry, not on the first request
  if (readString(env, 'PILOT_TRUSTED_PROXIES_ALLOW_WIDE') !== '1') refuseWideSubnets(trusted);
  return { trusted, header };
}

/**
 * The shortest prefixes taken without PILOT_TRUSTED_PROXIES_ALLOW_WIDE=1. A proxy tier lives in a
 * subnet; `0.0.0.0/0`, `10.0.0.0/0` or `::/0` trusts every peer on the internet to name any user,
 * which is auth switched off, and a short prefix is far more often a typo than a design.
 */
const MIN_PREFIX = { ipv4: 8, ipv6: 32 } as const;

function refuseWideSubnets(entries: readonly string[]): void {
  for (const entry of entries) {
    const subnet = parseSubnet(entry);
    if (!subnet || subnet.bits >= MIN_PREFIX[subnet.family]) continue;
    const min = MIN_PREFIX[subnet.family];
    throw new ConfigError(
      `PILOT_TRUSTED_PROXIES entry "${entry}" is wider than /${min}: any peer in it could name any user. List the proxies (a prefix of /${min} or longer), or set PILOT_TRUSTED_PROXIES_ALLOW_WIDE=1 if the whole range really is proxies`,
    );
  }
}

/**
 * A prefix length exactly as written by a person: 0-32 (IPv4) or 0-128 (IPv6) in plain decimal, no
 * sign, spaces, leading zeros, exponent or hex. `Number()` would read "" as 0, so "10.0.0.7/" would
 * trust every IPv4 peer; a strict pattern refuses anything it does not fully understand.
 */
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/** IPs and CIDRs (v4 or v6) as a BlockList; a bad entry is a ConfigError naming it. */
function toBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const subnet = parseSubnet(entry);
    if (!subnet) throw new ConfigError(`PILOT_TRUSTED_PROXIES entry "${entry}" is not an IP address or CIDR (e.g. 10.0.0.7 or 10.0.0.0/24)`);
    list.addSubnet(subnet.address, subnet.bits, subnet.family);
  }
  return list;
}

export function parseSubnet(entry: string): { address: string; bits: number; family: 'ipv4' | 'ipv6' } | null {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const prefix = slash === -1 ? undefined : entry.slice(slash + 1);
  // isIP accepts zone ids (fe80::1%eth0), which BlockList cannot match against a peer address.
  const family = address.includes('%') ? 0 : isIP(address);
  if (!family) return null;
  const max = family === 6 ? 128 : 32;
  if (prefix !== undefined && !PREFIX.test(prefix)) return null;
  const bits = prefix === undefined ? max : Number(prefix);
  if (bits > max) return null;
  return { address, bits, family: family === 6 ? 'ipv6' : 'ipv4' };
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:10.0.0.7; compare it as IPv4. */
function peer(address: string | undefined): { address: string; family: 'ipv4' | 'ipv6' } | null {
  if (!address) return null;
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  const family = isIP(plain);
  return family ? { address: plain, family: family === 6 ? 'ipv6' : 'ipv4' } : null;
}

export function createGatewayAuth(config: GatewayConfig): AuthHooks {
  const trusted = toBlockList(config.trusted);
  const configured = config.trusted.length > 0;
  return {
    describe: () => ({
      kind: 'gateway',
      configured,
      detail: configured ? `identity from the ${config.header} header, trusted only from ${config.trusted.join(', ')}` : 'PILOT_TRUSTED_PROXIES is empty: every request is denied',
    }),
    async authenticate(request): Promise<Principal | Refusal> {
      const from = peer(request.remoteAddress);
      if (!configured || !from || !trusted.check(from.address, from.family)) return refuse('untrusted_peer');
      const identity = headerValue(request, config.header)?.trim();
      if (!identity) return refuse('missing');
      if (!IDENTITY.test(identity)) return refuse('malformed');
      return { id: `gateway:${identity}`, kind: 'user', scopes: ACTIONS };
    },
    authorize: async (principal, action) => hasScope(principal, action),
    // The same proxies' X-Forwarded-For names the client in the audit record (../server/client-address.ts).
    isTrustedProxy(address) {
      const from = peer(address);
      return configured && from !== null && trusted.check(from.address, from.family);
    },
  };
}

/**
 * Who connected, for the audit record. Behind a proxy the TCP peer is the proxy, and the client is
 * in X-Forwarded-For, where each proxy appends the address it saw. Only the entries that trusted
 * proxies added are believed: reading from the right, the first address that is not a trusted
 * proxy is the client (anything left of it was written by the client itself and may be anything).
 * Without trusted proxies (auth hooks without `isTrustedProxy`) the peer is the client.
 */
import { isIP } from 'node:net';

/** An address as proxies and sockets write it: `::ffff:10.0.0.7`, `10.0.0.7:51234`, `[::1]:80` become plain IPs; null if not an IP. */
export function plainAddress(text: string | undefined): string | null {
  if (!text) return null;
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return isIP(address) ? address.toLowerCase() : null;
}

export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, isTrustedProxy?: (address: string) => boolean): string | null {
  const from = plainAddress(peer);
  if (!from || !isTrustedProxy?.(from)) return from;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',');
  let client = from;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]?.trim();
    if (!hop) continue;
    // A hop that is not an address was not written by a proxy we trust: nobody can be named.
    const address = plainAddress(hop);
    if (!address) return null;
    client = address;
    if (!isTrustedProxy(address)) break;
  }
  return client;
}

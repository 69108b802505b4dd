/**
 * The principal as logs, audit lines and feedback name it. A person's id can be personal data (the
 * gateway's user header is often an email), so for `kind: 'user'` it is replaced by a keyed hash:
 * HMAC-SHA256 with PILOT_AUDIT_HASH_KEY, 24 hex digits after the id's scheme (`gateway:#3f9c...`).
 * The same person gets the same reference on every instance sharing the key, so the trail can be
 * followed; reversing it needs the key. Services and jobs keep their ids (an API key's is already
 * a digest). Without a key, a random one per process: references are then stable only until restart.
 * The client's address is personal data too: the audit holds it the same way (`ip:#...`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Principal } from '../connectors/connector.js';

export type PrincipalRef = (principal: Principal) => string;
/** HMAC-SHA256 of the text under the audit hash key, as 24 hex digits. */
export type KeyedDigest = (text: string) => string;

export function keyedDigest(hashKey: string | undefined): KeyedDigest {
  const key = hashKey ?? randomBytes(32).toString('hex');
  return (text) => createHmac('sha256', key).update(text).digest('hex').slice(0, 24);
}

export function principalRefs(digest: KeyedDigest): PrincipalRef {
  return (principal) => {
    if (principal.kind !== 'user') return principal.id;
    const colon = principal.id.indexOf(':');
    const scheme = colon > 0 && colon <= 20 ? principal.id.slice(0, colon) : 'user';
    return `${scheme}:#${digest(principal.id)}`;
  };
}

/** The client's address as the audit holds it: `ip:#<digest>`. */
export const clientRef = (digest: KeyedDigest, address: string): string => `ip:#${digest(address)}`;

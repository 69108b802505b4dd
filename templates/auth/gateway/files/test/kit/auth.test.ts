import { describe, expect, it } from 'vitest';
import type { AuthHooks, AuthRequest, Principal } from '../../src/kit/auth/hooks.js';
import { createAuth } from '../../src/auth.js';

/** Why a request was refused, or the principal's id. */
const outcome = async (hooks: AuthHooks, req: AuthRequest) => {
  const result = await hooks.authenticate(req);
  return result && 'refused' in result ? `refused: ${result.refused}` : (result?.id ?? 'refused without a reason');
};
const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}): AuthRequest => ({ method: 'POST', url: '/v1/x', headers, remoteAddress });

describe('gateway auth', () => {
  const auth = createAuth({ PILOT_TRUSTED_PROXIES: '127.0.0.1, 10.1.0.0/16, fd00::/64' });

  it('believes the identity header from a trusted proxy', async () => {
    const principal = (await auth.authenticate(request('127.0.0.1', { 'x-forwarded-user': 'alice@example.com' }))) as Principal;
    expect(principal).toMatchObject({ id: 'gateway:alice@example.com', kind: 'user' });
    expect(await auth.authorize(principal, 'pipeline:run', 'use-case:x')).toBe(true);
    expect(await auth.authenticate(request('10.1.200.3', { 'x-forwarded-user': 'bob' }))).toMatchObject({ id: 'gateway:bob' });
    expect(await auth.authenticate(request('::ffff:127.0.0.1', { 'x-forwarded-user': 'bob' }))).toMatchObject({ id: 'gateway:bob' });
    expect(await auth.authenticate(request('fd00::17', { 'x-forwarded-user': 'bob' }))).toMatchObject({ id: 'gateway:bob' });
  });

  it('ignores the header from any other address, whatever X-Forwarded-For claims', async () => {
    const spoofed = { 'x-forwarded-user': 'admin', 'x-forwarded-for': '127.0.0.1' };
    expect(await outcome(auth, request('10.2.0.1', spoofed))).toBe('refused: untrusted_peer');
    expect(await outcome(auth, request('127.0.0.2', spoofed))).toBe('refused: untrusted_peer');
    expect(await outcome(auth, request(undefined, spoofed))).toBe('refused: untrusted_peer');
  });

  it('rejects a trusted request without a usable identity', async () => {
    expect(await outcome(auth, request('127.0.0.1'))).toBe('refused: missing');
    expect(await outcome(auth, request('127.0.0.1', { 'x-forwarded-user': '   ' }))).toBe('refused: missing');
    // Two values joined by Node ("forged, real") mean the proxy appended instead of overwriting.
    expect(await outcome(auth, request('127.0.0.1', { 'x-forwarded-user': 'mallory, alice' }))).toBe('refused: malformed');
    expect(await outcome(auth, request('127.0.0.1', { 'x-forwarded-user': 'a'.repeat(300) }))).toBe('refused: malformed');
  });

  it('reads the header named by PILOT_AUTH_HEADER', async () => {
    const custom = createAuth({ PILOT_TRUSTED_PROXIES: '127.0.0.1', PILOT_AUTH_HEADER: 'X-Auth-Request-User' });
    expect(await custom.authenticate(request('127.0.0.1', { 'x-auth-request-user': 'carol' }))).toMatchObject({ id: 'gateway:carol' });
    expect(await outcome(custom, request('127.0.0.1', { 'x-forwarded-user': 'carol' }))).toBe('refused: missing');
  });

  it('denies everyone when no proxy is trusted, and refuses bad settings', async () => {
    const none = createAuth({});
    expect(none.describe().configured).toBe(false);
    expect(await outcome(none, request('127.0.0.1', { 'x-forwarded-user': 'alice' }))).toBe('refused: untrusted_peer');
    expect(() => createAuth({ PILOT_TRUSTED_PROXIES: '127.0.0.1,proxy.internal' })).toThrow(/"proxy.internal" is not an IP/);
    expect(() => createAuth({ PILOT_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/not an IP address or CIDR/);
    expect(() => createAuth({ PILOT_TRUSTED_PROXIES: '127.0.0.1', PILOT_AUTH_HEADER: 'authorization' })).toThrow(/cannot be authorization/);
  });

  // A one-character typo must never widen trust: "10.0.0.7/" once parsed as /0 and trusted every IPv4 peer.
  it.each(['10.0.0.7/', '10.0.0.0/0x8', '10.0.0.0/1e1', '10.0.0.0/ 8', '10.0.0.0/08', '10.0.0.0/+8', '10.0.0.0/-1', '10.0.0.0/8.0', '10.0.0.0/8/8', 'fe80::1%eth0', '::/129', '/8', '10.0.0.7, /'])(
    'refuses the malformed entry %j instead of trusting anyone',
    (entry) => {
      expect(() => createAuth({ PILOT_TRUSTED_PROXIES: entry })).toThrow(/is not an IP address or CIDR/);
    },
  );

  // /0 trusts every peer to name any user: auth switched off by one setting, so it must be asked for.
  it.each(['10.0.0.0/0', '0.0.0.0/0', '::/0', '10.0.0.7, 10.0.0.0/7', '2001:db8::/31'])('refuses the wide entry %j at start-up unless PILOT_TRUSTED_PROXIES_ALLOW_WIDE=1', async (entries) => {
    expect(() => createAuth({ PILOT_TRUSTED_PROXIES: entries })).toThrow(
      /^PILOT_TRUSTED_PROXIES entry ".+\/\d+" is wider than \/(8|32): any peer in it could name any user\. List the proxies .*, or set PILOT_TRUSTED_PROXIES_ALLOW_WIDE=1/,
    );
    const wide = createAuth({ PILOT_TRUSTED_PROXIES: entries, PILOT_TRUSTED_PROXIES_ALLOW_WIDE: '1' });
    expect(wide.describe().configured).toBe(true);
  });

  it('takes the narrowest wide-enough prefixes, /8 and /32, without the override', async () => {
    const edge = createAuth({ PILOT_TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::/32' });
    expect(await edge.authenticate(request('10.200.0.1', { 'x-forwarded-user': 'alice' }))).toMatchObject({ id: 'gateway:alice' });
    expect(await outcome(edge, request('11.0.0.1', { 'x-forwarded-user': 'alice' }))).toBe('refused: untrusted_peer');
  });

  it('takes well-formed prefixes at their edges, and trusts only what they cover', async () => {
    const edges = createAuth({ PILOT_TRUSTED_PROXIES: '10.0.0.7/32, 192.168.0.0/16, ::1/128' });
    expect(await edges.authenticate(request('10.0.0.7', { 'x-forwarded-user': 'alice' }))).toMatchObject({ id: 'gateway:alice' });
    expect(await outcome(edges, request('10.0.0.8', { 'x-forwarded-user': 'alice' }))).toBe('refused: untrusted_peer');
    expect(await outcome(edges, request('203.0.113.9', { 'x-forwarded-user': 'admin' }))).toBe('refused: untrusted_peer');
    expect(await edges.authenticate(request('::1', { 'x-forwarded-user': 'alice' }))).toMatchObject({ id: 'gateway:alice' });
  });

  it('names its proxies as trusted for X-Forwarded-For in the audit, and nobody when none is configured', () => {
    expect(['127.0.0.1', '::ffff:10.1.2.3', 'fd00::9', '10.2.0.1', 'not-an-ip'].map((address) => auth.isTrustedProxy?.(address))).toEqual([true, true, true, false, false]);
    expect(createAuth({}).isTrustedProxy?.('127.0.0.1')).toBe(false);
  });
});

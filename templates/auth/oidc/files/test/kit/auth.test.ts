import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHooks, type AuthRequest, AuthUnavailableError } from '../../src/kit/auth/hooks.js';
import { createAuth } from '../../src/auth.js';

/** The tests' identity provider: a key pair, and its JWKS served from a loopback server. */
let server: Server;
let jwksUrl = '';
let issuer = '';
const audience = 'pilot-test';
let good: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey };
let auth: AuthHooks;
let jwksRequests = 0;

const request = (token?: string): AuthRequest => ({ method: 'POST', url: '/v1/x', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims: Record<string, unknown> = {}, options: { key?: CryptoKey; kid?: string; exp?: string | number; aud?: string; iss?: string } = {}) {
  const jwt = new SignJWT({ scope: 'openid pilot', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setSubject('user-42')
    .setIssuedAt();
  if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
  else jwt.setExpirationTime('5m');
  return jwt.sign(options.key ?? good.privateKey);
}

beforeAll(async () => {
  good = await generateKeyPair('RS256');
  stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  server = createServer((req, res) => {
    jwksRequests += 1;
    if (req.url !== '/jwks') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  jwksUrl = `${issuer}/jwks`;
  auth = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_ATTRIBUTE_CLAIMS: 'tenant' });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('oidc auth', () => {
  it('accepts a valid RS256 token from the issuer, for this audience', async () => {
    const principal = await auth.authenticate(request(await sign({ tenant: 'acme' })));
    expect(principal).toMatchObject({ id: 'oidc:user-42', kind: 'user', attributes: { tenant: 'acme' } });
    expect(await auth.authorize(principal!, 'pipeline:run', 'use-case:x')).toBe(true);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('rejects missing and malformed credentials', async () => {
    expect(await auth.authenticate(request())).toBeNull();
    expect(await auth.authenticate(request('not-a-jwt'))).toBeNull();
    expect(await auth.authenticate({ method: 'GET', url: '/', headers: { authorization: `Basic ${await sign()}` } })).toBeNull();
  });

  it('rejects alg: none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: audience, sub: 'user-42', exp: now + 300 })}.`;
    expect(await auth.authenticate(request(unsigned))).toBeNull();
  });

  it('rejects a token signed with the wrong key, even under the right key id', async () => {
    expect(await auth.authenticate(request(await sign({}, { key: stranger.privateKey })))).toBeNull();
    expect(await auth.authenticate(request(await sign({}, { key: stranger.privateKey, kid: 'other' })))).toBeNull();
  });

  it('rejects HS256 "signed" with the public key (HS/RS confusion)', async () => {
    const pem = await exportSPKI(good.publicKey);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('attacker')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    expect(await auth.authenticate(request(forged))).toBeNull();
  });

  it('rejects expired tokens, the wrong audience or issuer, and tokens without exp', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(await auth.authenticate(request(await sign({}, { exp: hourAgo })))).toBeNull();
    expect(await auth.authenticate(request(await sign({}, { aud: 'another-service' })))).toBeNull();
    expect(await auth.authenticate(request(await sign({}, { iss: 'https://evil.example' })))).toBeNull();
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience(audience).setSubject('u').sign(good.privateKey);
    expect(await auth.authenticate(request(noExp))).toBeNull();
  });

  it('rejects an iat in the future beyond the clock tolerance, and an empty or non-string sub', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (claims: Record<string, unknown>) =>
      new SignJWT({ sub: 'user-42', iat: now, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime(now + 3600)
        .sign(good.privateKey);
    expect(await auth.authenticate(request(await token({ iat: now + 600 })))).toBeNull(); // tolerance is 30 s
    expect(await auth.authenticate(request(await token({ iat: now + 10 })))).not.toBeNull(); // within it
    for (const sub of ['', '   ', 42, ['user-42'], { id: 'user-42' }, null]) {
      expect(await auth.authenticate(request(await token({ sub }))), JSON.stringify(sub)).toBeNull();
    }
  });

  it('grants nothing without OIDC_REQUIRED_SCOPE when one is configured', async () => {
    const scoped = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_REQUIRED_SCOPE: 'pilot.use' });
    const without = await scoped.authenticate(request(await sign()));
    expect(without).not.toBeNull();
    expect(await scoped.authorize(without!, 'pipeline:run', 'use-case:x')).toBe(false);
    const withScope = await scoped.authenticate(request(await sign({ scp: ['pilot.use'] })));
    expect(await scoped.authorize(withScope!, 'pipeline:run', 'use-case:x')).toBe(true);
  });

  it('answers "unavailable", not "unauthenticated", when the JWKS cannot be fetched', async () => {
    const down = createAuth({ OIDC_JWKS_URL: `${issuer}/missing`, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience });
    await expect(down.authenticate(request(await sign()))).rejects.toBeInstanceOf(AuthUnavailableError);
  });

  it('refuses a JWKS URL with credentials in it at start-up, without repeating the password', () => {
    for (const url of [
      'https://jwks-user:s3cret-pw@idp.example.com/jwks',
      'https://:s3cret-pw@idp.example.com/jwks',
      'https://s3cret-pw@idp.example.com/jwks',
      'https://u:s3cret-pw@idp example.com/jwks',
    ]) {
      let message = '';
      try {
        createAuth({ OIDC_JWKS_URL: url, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, url).toMatch(/^OIDC_JWKS_URL( has credentials in it \(user:password@idp\.example\.com\): remove them from the URL|="https:\/\/\*\*\*@idp example\.com\/jwks" is not a URL)/);
      expect(message).not.toContain('s3cret-pw');
    }
  });

  it('denies everyone when unconfigured and refuses partial or unsafe settings', async () => {
    const none = createAuth({});
    expect(none.describe()).toMatchObject({ kind: 'oidc', configured: false });
    expect(await none.authenticate(request(await sign()))).toBeNull();
    expect(() => createAuth({ OIDC_ISSUER: issuer })).toThrow(/missing: OIDC_JWKS_URL, OIDC_AUDIENCE/);
    expect(() => createAuth({ OIDC_JWKS_URL: 'http://idp.example.com/jwks', OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience })).toThrow(/https/);
    expect(() => createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow(/HS256 not allowed/);
  });
});

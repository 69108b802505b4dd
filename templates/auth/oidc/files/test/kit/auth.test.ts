import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AuthHooks, type AuthLog, type AuthRequest, AuthUnavailableError, type Principal } from '../../src/kit/auth/hooks.js';
import { DEFAULT_JWKS_TIMINGS, createJwksKeySet } from '../../src/kit/auth/jwks.js';
import { createOidcAuth, readOidcConfig } from '../../src/kit/auth/oidc.js';
import { createAuth } from '../../src/auth.js';
import { npmScript } from './helpers/npm-script.js';

/** The tests' identity provider: a key pair, and its JWKS served from a loopback server. */
let server: Server;
let jwksUrl = '';
let issuer = '';
const audience = 'pilot-test';
let good: { privateKey: CryptoKey; publicKey: CryptoKey };
let stranger: { privateKey: CryptoKey; publicKey: CryptoKey };
let auth: AuthHooks;
let jwksRequests = 0;
/** What the provider publishes; `reachable = false` drops every connection, as a provider outage would. */
let published: JWK[] = [];
let reachable = true;
let k1: JWK;

const request = (token?: string, log?: AuthLog): AuthRequest => ({ method: 'POST', url: '/v1/x', headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, log });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** The principal's id, or the reason it was refused. */
const outcome = async (hooks: AuthHooks, req: AuthRequest) => {
  const result = await hooks.authenticate(req);
  return result && 'refused' in result ? `refused: ${result.refused}` : (result?.id ?? 'refused without a reason');
};
const principal = async (hooks: AuthHooks, req: AuthRequest) => (await hooks.authenticate(req)) as Principal;

function sign(claims: Record<string, unknown> = {}, options: { key?: CryptoKey; kid?: string; exp?: string | number; aud?: string; iss?: string; typ?: string } = {}) {
  const jwt = new SignJWT({ scope: 'openid pilot', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1', typ: options.typ ?? 'at+jwt' })
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
  k1 = { ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  published = [k1];
  server = createServer((req, res) => {
    jwksRequests += 1;
    if (!reachable) return void req.socket.destroy();
    if (req.url !== '/jwks') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  jwksUrl = `${issuer}/jwks`;
  auth = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_ATTRIBUTE_CLAIMS: 'tenant' });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  published = [k1];
  reachable = true;
});

describe('oidc auth', () => {
  it('accepts a valid RS256 token from the issuer, for this audience', async () => {
    const caller = await principal(auth, request(await sign({ tenant: 'acme' })));
    expect(caller).toMatchObject({ id: 'oidc:user-42', kind: 'user', attributes: { tenant: 'acme' } });
    expect(await auth.authorize(caller, 'pipeline:run', 'use-case:x')).toBe(true);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('rejects missing and malformed credentials', async () => {
    expect(await outcome(auth, request())).toBe('refused: missing');
    expect(await outcome(auth, request('not-a-jwt'))).toBe('refused: malformed');
    expect(await outcome(auth, { method: 'GET', url: '/', headers: { authorization: `Basic ${await sign()}` } })).toBe('refused: malformed');
  });

  it('rejects alg: none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: audience, sub: 'user-42', exp: now + 300 })}.`;
    expect(await outcome(auth, request(unsigned))).toBe('refused: algorithm');
  });

  it('rejects a token signed with the wrong key, even under the right key id', async () => {
    expect(await outcome(auth, request(await sign({}, { key: stranger.privateKey })))).toBe('refused: signature');
    expect(await outcome(auth, request(await sign({}, { key: stranger.privateKey, kid: 'other' })))).toBe('refused: unknown_key');
  });

  it('rejects HS256 "signed" with the public key (HS/RS confusion)', async () => {
    const pem = await exportSPKI(good.publicKey);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('attacker')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    expect(await outcome(auth, request(forged))).toBe('refused: algorithm');
  });

  it('rejects expired tokens, the wrong audience or issuer, and tokens without exp', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(await outcome(auth, request(await sign({}, { exp: hourAgo })))).toBe('refused: expired');
    expect(await outcome(auth, request(await sign({}, { aud: 'another-service' })))).toBe('refused: audience');
    expect(await outcome(auth, request(await sign({}, { iss: 'https://evil.example' })))).toBe('refused: issuer');
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' }).setIssuer(issuer).setAudience(audience).setSubject('u').sign(good.privateKey);
    expect(await outcome(auth, request(noExp))).toBe('refused: claims');
  });

  it('rejects an iat in the future beyond the clock tolerance, and an empty or non-string sub', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (claims: Record<string, unknown>) =>
      new SignJWT({ sub: 'user-42', iat: now, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime(now + 3600)
        .sign(good.privateKey);
    expect(await outcome(auth, request(await token({ iat: now + 600 })))).toBe('refused: not_yet_valid'); // tolerance is 30 s
    expect(await outcome(auth, request(await token({ iat: now + 10 })))).toBe('oidc:user-42'); // within it
    for (const sub of ['', '   ', 42, ['user-42'], { id: 'user-42' }, null]) {
      expect(await outcome(auth, request(await token({ sub }))), JSON.stringify(sub)).toBe('refused: claims');
    }
  });

  it('grants nothing without OIDC_REQUIRED_SCOPE when one is configured', async () => {
    const scoped = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_REQUIRED_SCOPE: 'pilot.use' });
    const without = await principal(scoped, request(await sign()));
    expect(without.id).toBe('oidc:user-42');
    expect(await scoped.authorize(without, 'pipeline:run', 'use-case:x')).toBe(false);
    const withScope = await principal(scoped, request(await sign({ scp: ['pilot.use'] })));
    expect(await scoped.authorize(withScope, 'pipeline:run', 'use-case:x')).toBe(true);
  });

  it('accepts a token signed with a key the provider has just published, without waiting out a cooldown', async () => {
    const rotating = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience });
    expect(await outcome(rotating, request(await sign()))).toBe('oidc:user-42'); // keys fetched just now
    published = [k1, { ...(await exportJWK(stranger.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' }];
    expect(await outcome(rotating, request(await sign({}, { key: stranger.privateKey, kid: 'k2' })))).toBe('oidc:user-42');
  });

  it('refetches for an unknown key id once, however often it is sent', async () => {
    const probed = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience });
    expect(await outcome(probed, request(await sign()))).toBe('oidc:user-42');
    const before = jwksRequests;
    const forged = await sign({}, { key: stranger.privateKey, kid: 'forged' });
    for (let i = 0; i < 5; i++) expect(await outcome(probed, request(forged))).toBe('refused: unknown_key');
    expect(jwksRequests - before).toBe(1);
  });

  it('takes only RFC 9068 access tokens (typ at+jwt) unless OIDC_REQUIRE_AT_JWT=0', async () => {
    // An ID token for a client whose id equals the audience: same issuer, key, aud and sub; typ JWT.
    const idToken = await sign({ nonce: 'n-1' }, { typ: 'JWT' });
    expect(await outcome(auth, request(idToken))).toBe('refused: type');
    expect(await outcome(auth, request(await sign({}, { typ: 'application/at+jwt' })))).toBe('oidc:user-42');
    const lax = createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_REQUIRE_AT_JWT: '0' });
    expect(await outcome(lax, request(idToken))).toBe('oidc:user-42');
    expect(() => createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_REQUIRE_AT_JWT: 'yes' })).toThrow('OIDC_REQUIRE_AT_JWT="yes" is not 1 or 0');
  });

  describe('while the provider is unreachable', () => {
    let clock = 0;
    let warnings: string[] = [];
    const log: AuthLog = { warn: (details, message) => void warnings.push(`${message} ${JSON.stringify(details)}`) };
    const refreshMs = DEFAULT_JWKS_TIMINGS.refreshMs;
    const maxStaleMs = 3_600_000;
    let outage: AuthHooks;

    beforeEach(async () => {
      clock = Date.now();
      warnings = [];
      const config = readOidcConfig({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_MAX_STALE_S: String(maxStaleMs / 1000) });
      outage = createOidcAuth(config!, createJwksKeySet(new URL(jwksUrl), { ...DEFAULT_JWKS_TIMINGS, maxStaleMs }, () => clock).getKey);
      expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42');
      reachable = false;
    });

    it('keeps using the last good keys for OIDC_JWKS_MAX_STALE_S past their refresh, asking again at most every 30 s', async () => {
      const before = jwksRequests;
      clock += refreshMs + 1;
      expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42');
      expect(warnings).toEqual([expect.stringMatching(/^cannot fetch the JWKS \{"jwks":"http:\/\/127\.0\.0\.1:\d+\/jwks","error":"(ECONNRESET|UND_ERR_SOCKET|other side closed)","keysAgeS":600\}$/)]);
      for (let i = 0; i < 3; i++) expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42');
      expect(jwksRequests - before).toBe(1); // the next attempt waits for the retry interval
      clock += DEFAULT_JWKS_TIMINGS.retryMs;
      expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42');
      expect(jwksRequests - before).toBe(2);
      clock += maxStaleMs;
      await expect(outage.authenticate(request(await sign(), log))).rejects.toThrow(
        /^cannot fetch the JWKS from http:\/\/127\.0\.0\.1:\d+\/jwks \(.+\); the last good keys are 4230 s old \(OIDC_JWKS_MAX_STALE_S\)$/,
      );
      reachable = true;
      expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42');
    });

    it('refuses a token naming an unknown key at once (401, not 503), without asking the provider it knows is down', async () => {
      clock += refreshMs + 1;
      expect(await outcome(outage, request(await sign(), log))).toBe('oidc:user-42'); // finds the outage
      const before = jwksRequests;
      const forged = await sign({}, { key: stranger.privateKey, kid: 'forged' });
      expect(await outcome(outage, request(forged, log))).toBe('refused: unknown_key');
      expect(jwksRequests).toBe(before);
      expect(warnings).toHaveLength(1);
    });
  });

  it('answers "unavailable", not "unauthenticated", when the JWKS cannot be fetched', async () => {
    const down = createAuth({ OIDC_JWKS_URL: `${issuer}/missing`, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience });
    await expect(down.authenticate(request(await sign()))).rejects.toThrow(new AuthUnavailableError(`cannot fetch the JWKS from ${issuer}/missing (HTTP 404); no keys fetched yet`));
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
    expect(await outcome(none, request(await sign()))).toBe('refused without a reason');
    expect(() => createAuth({ OIDC_ISSUER: issuer })).toThrow(/missing: OIDC_JWKS_URL, OIDC_AUDIENCE/);
    expect(() => createAuth({ OIDC_JWKS_URL: 'http://idp.example.com/jwks', OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience })).toThrow(/https/);
    expect(() => createAuth({ OIDC_JWKS_URL: jwksUrl, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow(/HS256 not allowed/);
  });
});

describe('npm run auth:dev-token', () => {
  // Without its arguments answered first, the script would start serving and this test would time out.
  it('prints its usage for --help and one line for a bad flag or port (exit 2), serving nothing', { timeout: 60_000 }, async () => {
    // It names the manager running these tests: npm run passes on the npm_config_user_agent it was given.
    const help = await npmScript(process.cwd(), 'auth:dev-token', ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^usage: (npm|pnpm|yarn|bun) run auth:dev-token -- \[--port N\] \[--sub dev-user\] \[--audience pilot\]\n/);
    expect(help.stdout).toContain('--audience AUD');
    expect(help.stdout).not.toContain('OIDC_JWKS_URL=');
    const bad = await npmScript(process.cwd(), 'auth:dev-token', ['--subject', 'me']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^auth:dev-token: unknown option "--subject"; (npm|pnpm|yarn|bun) run auth:dev-token -- --help lists the options\n$/);
    const port = await npmScript(process.cwd(), 'auth:dev-token', ['--port', 'http']);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('auth:dev-token: --port "http" must be a port number from 0 to 65535\n');
    expect(`${bad.stdout}${port.stdout}`).toBe('');
  });
});

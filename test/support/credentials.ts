// Valid and invalid credentials for each auth layer, made the way a real caller would get them.
import { createHash, randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface AuthFixture {
  /** Environment the service needs to trust these credentials. */
  env: Record<string, string>;
  /** Headers of a caller that should be let in. */
  valid: Record<string, string>;
  /** Headers of a caller with a wrong credential. */
  invalid: Record<string, string>;
  /** What must never appear in logs or audit lines (keys, tokens); an identity header is no secret. */
  secrets: string[];
  close(): Promise<void>;
}

export async function authFixture(auth: string): Promise<AuthFixture> {
  if (auth === 'api-key') return apiKeyFixture();
  if (auth === 'oidc') return oidcFixture();
  if (auth === 'gateway') return gatewayFixture();
  throw new Error(`no credentials fixture for auth ${auth}`);
}

function apiKeyFixture(): AuthFixture {
  const key = randomBytes(24).toString('base64url');
  return {
    env: { PILOT_API_KEYS: createHash('sha256').update(key).digest('hex') },
    valid: { authorization: `Bearer ${key}` },
    invalid: { authorization: `Bearer ${randomBytes(24).toString('base64url')}` },
    secrets: [key],
    close: async () => {},
  };
}

/** A JWKS served on loopback and RS256 tokens signed with its key; the invalid token is signed by another key. */
async function oidcFixture(): Promise<AuthFixture> {
  const issuer = 'https://idp.example.test/';
  const audience = 'pilot-api';
  const signing = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const token = (key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ scope: 'pilot' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('alice@example.test')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
  const valid = await token(signing.privateKey);
  return {
    env: { OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience },
    valid: { authorization: `Bearer ${valid}` },
    invalid: { authorization: `Bearer ${await token(other.privateKey)}` },
    secrets: [valid],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Requests come from 127.0.0.1, the trusted proxy; the invalid caller sends a header the gateway rejects. */
function gatewayFixture(): AuthFixture {
  return {
    env: { PILOT_TRUSTED_PROXIES: '127.0.0.1', PILOT_AUTH_HEADER: 'x-forwarded-user' },
    valid: { 'x-forwarded-user': 'alice@example.test' },
    invalid: { 'x-forwarded-user': '' },
    secrets: [],
    close: async () => {},
  };
}

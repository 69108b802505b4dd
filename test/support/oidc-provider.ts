// A real OpenID provider (panva's oidc-provider) on a loopback port, in the test's process: it issues
// RFC 9068 JWT access tokens (client credentials, for one resource) and serves its JWKS. Rotating its
// key or taking it down is a restart on the same port with other keys, or a stop.
import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  privateKey: CryptoKey;
}

export interface RunningProvider {
  issuer: string;
  jwksUrl: string;
  /** How many times its JWKS was fetched. */
  jwksFetches(): number;
  /** A client-credentials access token for the resource, from the token endpoint. */
  accessToken(): Promise<string>;
  /** Restarts on the same port, signing with `keys[0]` and publishing all of them. */
  restart(keys: SigningKey[]): Promise<void>;
  stop(): Promise<void>;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateJwk, privateKey: (await importJWK(privateJwk, 'RS256')) as CryptoKey };
}

/** Claims and header as the test wants them, signed with one of the provider's keys: what the provider itself cannot be made to issue. */
export function signAs(key: SigningKey, header: { typ?: string; kid?: string }, claims: Record<string, unknown>, expiresAt: number): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? key.kid, ...(header.typ ? { typ: header.typ } : {}) })
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key.privateKey);
}

const CLIENT = { client_id: 'pilot-caller', client_secret: 'pilot-caller-secret' };

export async function startOidcProvider(resource: string, keys: SigningKey[]): Promise<RunningProvider> {
  let server: Server | undefined;
  let port = 0;
  let fetches = 0;
  let issuer = '';

  async function start(current: SigningKey[]): Promise<void> {
    const listening = createServer();
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    port = (listening.address() as AddressInfo).port;
    issuer = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
      clients: [{ ...CLIENT, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }],
      jwks: { keys: current.map((key) => key.privateJwk) as never },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resource,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({ scope: 'pilot', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        },
      },
    });
    const handle = provider.callback();
    listening.on('request', (req, res) => {
      if (req.url === '/jwks') fetches += 1;
      handle(req, res);
    });
    server = listening;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = undefined;
    if (!current) return;
    current.closeAllConnections();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await start(keys);
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    jwksFetches: () => fetches,
    async accessToken() {
      const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'pilot', resource }).toString();
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64')}`,
      };
      const answer = await postOnce(`${issuer}/token`, headers, body);
      const token = (JSON.parse(answer) as { access_token?: string }).access_token;
      if (!token) throw new Error(`the provider gave no access token: ${answer}`);
      return token;
    },
    async restart(next) {
      await stop();
      await start(next);
    },
    stop,
  };
}

/** A POST on a connection of its own (no keep-alive pool): the provider restarts between calls. */
function postOnce(url: string, headers: Record<string, string>, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

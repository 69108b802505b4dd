// An oidc pilot's built service (node dist/kit/server.js) against a real OpenID provider, panva's
// oidc-provider, on loopback: its access tokens are taken, a key it rotates in is taken at once, a
// refused token's reason is in the service log, an ID token does not pass for an access token, and
// an outage does not turn a forged key id into a 503. The tokens the provider cannot be made to
// issue (expired, for another audience, an ID token for a client named like the audience) are
// signed with its own key.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmRun, scaffoldPilot } from '../../support/pilot.js';
import { type RunningProvider, type SigningKey, signAs, signingKey, startOidcProvider } from '../../support/oidc-provider.js';
import { type RunningService, requestLog, startService } from '../../support/service.js';

const resource = 'https://pilot.example.test';

describe("an oidc pilot against panva's oidc-provider", () => {
  let provider: RunningProvider;
  let service: RunningService;
  let k1: SigningKey;
  let k2: SigningKey;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const dir = await scaffoldPilot({ auth: 'oidc' });
    const build = await npmRun(dir, 'build');
    if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.all}`);
    [k1, k2] = await Promise.all([signingKey('k1'), signingKey('k2')]);
    provider = await startOidcProvider(resource, [k1]);
    service = await startService(
      dir,
      { OIDC_JWKS_URL: provider.jwksUrl, OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: resource, PILOT_FALLBACK: 'baseline', LOG_LEVEL: 'info' },
      'node dist/kit/server.js',
    );
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    service?.kill();
    await provider?.stop();
  });

  /** GET /readyz (any authenticated caller may) with the token; the status and the request's auth_failed reason, if any. */
  async function call(token: string): Promise<{ status: number; reason: string | null }> {
    const response = await fetch(`${service.url}/readyz`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    const lines = await requestLog(service, response.headers.get('x-request-id'));
    return { status: response.status, reason: lines.find((line) => line.msg === 'auth_failed')?.reason ?? null };
  }

  const claims = (extra: Record<string, unknown> = {}) => ({ iss: provider.issuer, aud: resource, sub: 'pilot-caller', client_id: 'pilot-caller', scope: 'pilot', ...extra });

  it("takes the provider's own access tokens (typ at+jwt)", async () => {
    expect(await call(await provider.accessToken())).toEqual({ status: 200, reason: null });
  });

  it('takes a token signed with a key the provider has just rotated in, without waiting', async () => {
    const fetched = provider.jwksFetches();
    await provider.restart([k2, k1]);
    const rotated = await provider.accessToken();
    expect(JSON.parse(Buffer.from(rotated.split('.')[0] ?? '', 'base64url').toString()).kid).toBe('k2');
    expect(await call(rotated)).toEqual({ status: 200, reason: null });
    expect(provider.jwksFetches()).toBe(fetched + 1);
  });

  it('says in the service log why each refused token got 401, never the token', async () => {
    const refused = {
      expired: await signAs(k1, { typ: 'at+jwt' }, claims(), now() - 3600),
      audience: await signAs(k1, { typ: 'at+jwt' }, claims({ aud: 'https://another-api.example.test' }), now() + 600),
      // An ID token for a client whose id equals the audience: same issuer, key, aud; only its type differs.
      type: await signAs(k1, { typ: 'JWT' }, claims({ nonce: randomUUID(), client_id: undefined, scope: undefined }), now() + 600),
      unknown_key: await signAs(await signingKey('forged'), { typ: 'at+jwt' }, claims(), now() + 600),
      signature: await signAs(k2, { typ: 'at+jwt', kid: 'k1' }, claims(), now() + 600),
    };
    for (const [reason, token] of Object.entries(refused)) expect(await call(token), reason).toEqual({ status: 401, reason });
    for (const token of Object.values(refused)) expect(service.output()).not.toContain(token.split('.')[1]);
  });

  it('while the provider is down, takes the tokens its keys can check and refuses an unknown key with 401, not 503', async () => {
    const rotated = await provider.accessToken();
    await provider.stop();
    expect(await call(rotated)).toEqual({ status: 200, reason: null });
    const forged = await signAs(await signingKey('forged-during-outage'), { typ: 'at+jwt' }, claims(), now() + 600);
    expect(await call(forged)).toEqual({ status: 401, reason: 'unknown_key' });
    expect(service.output()).not.toContain('auth provider unavailable');
  });
});

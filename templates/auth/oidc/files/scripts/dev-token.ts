/**
 * `npm run auth:dev-token`: a throwaway identity provider on 127.0.0.1 for trying the service
 * without a real one. It makes a fresh RS256 key pair, serves its JWKS, prints the three OIDC_*
 * settings and a token valid for an hour, and keeps serving until Ctrl-C. The key lives only in
 * this process: tokens stop working when it exits. Never use it beyond your own machine.
 *   npm run auth:dev-token -- [--port 0] [--sub dev-user] [--audience pilot]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { exitWithUsageError, scriptArgs } from '../src/kit/script-args.js';

const values = scriptArgs({
  name: 'auth:dev-token',
  synopsis: '[--port N] [--sub dev-user] [--audience pilot]',
  options: {
    port: { type: 'string', default: '0' },
    sub: { type: 'string', default: 'dev-user' },
    audience: { type: 'string', default: 'pilot' },
  },
  help: `A throwaway identity provider on 127.0.0.1, for trying the service without a real one: prints the
OIDC_* settings and a token valid for an hour, and serves its JWKS until Ctrl-C. Never use it beyond your machine.
  --port N        the JWKS port (default 0: any free port)
  --sub ID        the token's subject (default dev-user)
  --audience AUD  the token's audience (default pilot)
Exit: 0 stopped with Ctrl-C, 2 a bad flag.`,
});
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65_535) exitWithUsageError(`auth:dev-token: --port ${JSON.stringify(values.port)} must be a port number from 0 to 65535`);

const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'dev-key', alg: 'RS256', use: 'sig' }] });
const server = createServer((req, res) => {
  if (req.url !== '/jwks') return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
});
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const token = await new SignJWT({ scope: 'pilot' })
  .setProtectedHeader({ alg: 'RS256', kid: 'dev-key', typ: 'at+jwt' })
  .setIssuer(issuer)
  .setAudience(values.audience)
  .setSubject(values.sub)
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);

console.log(`# Put these in .env (or the environment) and restart npm start:
OIDC_JWKS_URL=${issuer}/jwks
OIDC_ISSUER=${issuer}
OIDC_AUDIENCE=${values.audience}

# A token for "${values.sub}", valid for 1 hour:
Authorization: Bearer ${token}

Serving the JWKS until Ctrl-C.`);
process.on('SIGINT', () => server.close(() => process.exit(0)));

// A gateway pilot's built service behind a real nginx, set up as its docs' recipe says: the identity
// header overwritten on every request, Authorization cleared, connecting from an address of its own
// (proxy_bind 127.0.0.2, the only trusted proxy), upstream keep-alive below the service's. A map
// from a session token to a user stands in for the authenticator (oauth2-proxy's auth_request).
// Beside it, the minimal block the docs warn about, which never sets the header.
import { createHmac } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvalCase, npmRun, readCases, scaffoldPilot } from '../../support/pilot.js';
import { type RunningService, requestLog, startService } from '../../support/service.js';
import { has } from '../../support/system-program.js';

const HASH_KEY = 'e2e-audit-hash-key-'.padEnd(40, 'x');
const digest = (text: string) => createHmac('sha256', HASH_KEY).update(text).digest('hex').slice(0, 24);

describe.runIf(has('nginx', 'the gateway pilot behind a real nginx'))('a gateway pilot behind nginx', () => {
  let dir: string;
  let service: RunningService;
  let nginx: ResultPromise | undefined;
  let recipe = '';
  let minimal = '';
  let sample: EvalCase;
  const auditLines = async () =>
    (await readFile(join(dir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string; principal: string | null; client: string | null; status: number });

  beforeAll(async () => {
    dir = await scaffoldPilot({ auth: 'gateway' });
    const build = await npmRun(dir, 'build');
    if (build.exitCode !== 0) throw new Error(`npm run build failed:\n${build.all}`);
    sample = (await readCases(dir))[0] as EvalCase;
    service = await startService(
      dir,
      { PILOT_TRUSTED_PROXIES: '127.0.0.2', PILOT_FALLBACK: 'baseline', PILOT_AUDIT_FILE: join(dir, 'audit.jsonl'), PILOT_AUDIT_HASH_KEY: HASH_KEY },
      'node dist/kit/server.js',
    );
    const [recipePort, minimalPort] = [await freePort(), await freePort()];
    recipe = `http://127.0.0.1:${recipePort}`;
    minimal = `http://127.0.0.1:${minimalPort}`;
    await writeFile(join(dir, 'nginx.conf'), nginxConf(dir, new URL(service.url).port, recipePort, minimalPort));
    nginx = execa('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'nginx-error.log')], { reject: false, all: true, detached: true });
    await waitForPort(recipePort, () => nginx?.exitCode ?? null);
  }, 180_000);

  afterAll(async () => {
    if (nginx?.pid && nginx.exitCode === null) process.kill(nginx.pid, 'SIGQUIT');
    await nginx;
    await service?.stop();
    service?.kill();
  });

  const call = async (base: string, headers: Record<string, string>) => {
    const response = await fetch(`${base}/v1/classify`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(sample.input) });
    await response.arrayBuffer();
    const requestId = response.headers.get('x-request-id');
    const reason = (await requestLog(service, requestId)).find((line) => line.msg === 'auth_failed')?.reason ?? null;
    const audit = (await auditLines()).find((line) => line.requestId === requestId);
    return { status: response.status, reason, principal: audit?.principal, client: audit?.client };
  };

  it("names the caller the authenticator vouched for, whatever header the caller sent, and audits the caller's address", async () => {
    const forged = { authorization: 'Bearer alice-session', 'x-forwarded-user': 'admin', 'x-forwarded-for': '203.0.113.9' };
    // nginx connected from 127.0.0.2 (trusted) and appended the caller's 127.0.0.1: the caller's own 203.0.113.9 proves nothing.
    expect(await call(recipe, forged)).toEqual({ status: 200, reason: null, principal: `gateway:#${digest('gateway:alice@example.test')}`, client: `ip:#${digest('127.0.0.1')}` });
  });

  it('lets no caller without a session through, even one naming itself in the header', async () => {
    expect(await call(recipe, { 'x-forwarded-user': 'admin' })).toMatchObject({ status: 401, reason: 'missing' });
  });

  it('believes no identity header sent straight to the service from 127.0.0.1: only the proxy’s own address is trusted', async () => {
    expect(await call(service.url, { 'x-forwarded-user': 'alice@example.test' })).toMatchObject({ status: 401, reason: 'untrusted_peer' });
  });

  it('behind the minimal block that never sets the header, lets the caller choose who it is (what the docs warn of)', async () => {
    expect(await call(minimal, { 'x-forwarded-user': 'admin' })).toMatchObject({ status: 200, principal: `gateway:#${digest('gateway:admin')}` });
  });
});

function nginxConf(dir: string, servicePort: string, recipePort: number, minimalPort: number): string {
  return `daemon off;
pid ${join(dir, 'nginx.pid')};
events {}
http {
  access_log off;
  client_body_temp_path ${join(dir, 'nginx-body')};
  proxy_temp_path ${join(dir, 'nginx-proxy')};
  fastcgi_temp_path ${join(dir, 'nginx-fastcgi')};
  uwsgi_temp_path ${join(dir, 'nginx-uwsgi')};
  scgi_temp_path ${join(dir, 'nginx-scgi')};
  upstream pilot {
    server 127.0.0.1:${servicePort};
    keepalive 4;
    keepalive_timeout 4s;
  }
  map $http_authorization $user {
    "Bearer alice-session" alice@example.test;
    default "";
  }
  server {
    listen 127.0.0.1:${recipePort};
    location / {
      proxy_set_header X-Forwarded-User $user;
      proxy_set_header Authorization "";
      proxy_set_header Cookie "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Connection "";
      proxy_http_version 1.1;
      proxy_bind 127.0.0.2;
      proxy_pass http://pilot;
    }
  }
  server {
    listen 127.0.0.1:${minimalPort};
    location / {
      proxy_bind 127.0.0.2;
      proxy_pass http://pilot;
    }
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, exited: () => number | null): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    const open = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    if (open) return;
    if (exited() !== null) throw new Error('nginx exited before listening');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nginx is not listening on ${port}`);
}

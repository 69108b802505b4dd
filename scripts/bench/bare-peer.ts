// Starts bare-fastify.mjs with the Fastify from the pilot's own node_modules, so both sides of the
// comparison run the same framework build.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer } from './child-server.js';

const SCRIPT = fileURLToPath(new URL('./bare-fastify.mjs', import.meta.url));

export interface BarePeer {
  server: ChildServer;
  fastifyVersion: string;
}

/** `env`: the same environment the pilot's service gets, less the pilot's own settings. */
export async function startBareFastify(pilotDir: string, scratch: string, env: NodeJS.ProcessEnv): Promise<BarePeer> {
  const entry = createRequire(join(pilotDir, 'package.json')).resolve('fastify');
  const { version } = JSON.parse(await readFile(join(pilotDir, 'node_modules/fastify/package.json'), 'utf8')) as { version: string };
  const server = await startChildServer({
    name: 'bare fastify',
    args: [SCRIPT, entry],
    cwd: scratch,
    env,
    logFile: join(scratch, 'bare.log'),
    ready: async (log) => /listening on (http:\/\/\S+)/.exec(log)?.[1] ?? null,
  });
  return { server, fastifyVersion: version };
}

/** Throws unless the route answers 200 with its hello-world JSON. */
export async function checkBareAnswers(peer: BarePeer, body: string): Promise<void> {
  const res = await fetch(`${peer.server.url}/hello`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  if (res.status !== 200 || text !== '{"hello":"world"}') throw new Error(`bare fastify: POST /hello got ${res.status} ${text.slice(0, 160)}`);
}

// The generated pilot's service as production runs it (built with tsc, then `node dist/kit/server.js`), with
// every layer the load benchmark is about switched on: api-key auth, zod validation, per-principal
// rate limiting and an audit line per call to a file; and the same boundary built by
// boundary-server.ts around an in-process model, from the same settings. Also the checks that
// those layers really answered: before the load, one 401, one 400 and one 200 carrying the
// model's label and the rate-limit header; after it, one audit line per request handled.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { KnownCase } from './bench-answers.js';
import type { BenchPilot } from './bench-pilot.js';
import { type ChildServer, freeLoopbackPort, startChildServer } from './child-server.js';
import { type EgressTrap, offlineEnv } from './egress-trap.js';
import type { LoopbackModel } from './loopback-model.js';

const BOUNDARY_SERVER = fileURLToPath(new URL('./boundary-server.ts', import.meta.url));

export interface ServiceSettings {
  /** Per principal per window: high enough that the bench's own traffic is never refused. */
  rateLimit: { max: number; windowMs: number };
  /** Model calls in flight at once (PILOT_MODEL_CONCURRENCY); the bench sets it to its connections. */
  modelConcurrency: number;
  logLevel: string;
  model: string;
}

export interface PilotService {
  server: ChildServer;
  /** The raw bearer key (the service only knows its digest). */
  key: string;
  auditFile: string;
}

export interface AuditCounts {
  /** Lines by HTTP status. */
  byStatus: Record<string, number>;
  lines: number;
}

/** A new bearer key, and the settings `npm start` reads (key digest, audit file, rate limit, log level) for a pilot server named `name`. */
function pilotEnv(pilot: BenchPilot, trap: EgressTrap, settings: ServiceSettings, name: string, extra: Record<string, string>) {
  const key = `pk_bench_${randomBytes(32).toString('base64url')}`;
  const auditFile = join(pilot.scratch, `${name}-audit.jsonl`);
  const env = offlineEnv(trap, {
    HOST: '127.0.0.1',
    LOG_LEVEL: settings.logLevel,
    PILOT_API_KEYS: createHash('sha256').update(key, 'utf8').digest('hex'),
    PILOT_AUDIT_FILE: auditFile,
    PILOT_RATE_LIMIT_MAX: String(settings.rateLimit.max),
    PILOT_RATE_LIMIT_WINDOW_MS: String(settings.rateLimit.windowMs),
    PILOT_FEEDBACK_FILE: join(pilot.scratch, `${name}-feedback.jsonl`),
    PILOT_MODEL: settings.model,
    ...extra,
  });
  return { key, auditFile, env };
}

/** Starts the service; resolves once GET /healthz answers. */
export async function startPilotService(pilot: BenchPilot, model: LoopbackModel, trap: EgressTrap, settings: ServiceSettings): Promise<PilotService> {
  // PORT=0 would be simplest, but the service names its port only in its "pilot listening" line,
  // which is logged at info: at LOG_LEVEL=warn (quiet, so logging does not weigh on the
  // measurement) it never appears. So the bench picks a free port and waits on /healthz.
  const port = await freeLoopbackPort();
  const { key, auditFile, env } = pilotEnv(pilot, trap, settings, 'service', {
    PORT: String(port),
    OPENAI_BASE_URL: model.baseUrl,
    OPENAI_API_KEY: 'bench-key',
    PILOT_MODEL_CONCURRENCY: String(settings.modelConcurrency),
    // No retries: every request the service answers is then exactly one model call, which is what
    // the audit check counts against; a model failure shows up as a 502, not as a hidden retry.
    PILOT_MODEL_MAX_RETRIES: '0',
  });
  const url = `http://127.0.0.1:${port}`;
  await buildPilot(pilot);
  const server = await startChildServer({
    name: 'the pilot service (node dist/kit/server.js)',
    args: ['dist/kit/server.js'],
    cwd: pilot.dir,
    env,
    logFile: join(pilot.scratch, 'service.log'),
    ready: async () =>
      (await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
        ? url
        : null,
  });
  return { server, key, auditFile };
}

const builds = new WeakMap<BenchPilot, Promise<unknown>>();
/** `npm run build` once per pilot, without npm's start-up: the pilot's own tsc and tsconfig.build.json. */
function buildPilot(pilot: BenchPilot): Promise<unknown> {
  let build = builds.get(pilot);
  if (!build) {
    build = promisify(execFile)(process.execPath, [join(pilot.dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: pilot.dir });
    builds.set(pilot, build);
  }
  return build;
}

/** boundary-server.ts and the bench modules it imports as one plain .mjs, by the pilot's own esbuild. */
async function bundleBoundaryServer(pilot: BenchPilot): Promise<string> {
  const esbuild = createRequire(join(pilot.dir, 'package.json'))('esbuild') as typeof import('esbuild');
  const outfile = join(pilot.scratch, 'boundary-server.mjs');
  await esbuild.build({ entryPoints: [BOUNDARY_SERVER], outfile, bundle: true, platform: 'node', format: 'esm', target: `node${process.versions.node}`, logLevel: 'error' });
  return outfile;
}

/**
 * Starts boundary-server.ts in the pilot (its modules, the service's settings, an in-process
 * model that knows `cases`); resolves once it says where it listens.
 */
export async function startBoundaryServer(pilot: BenchPilot, trap: EgressTrap, settings: ServiceSettings, cases: readonly KnownCase[]): Promise<PilotService> {
  // No OPENAI_* settings: nothing in this process can call out to a model.
  const { key, auditFile, env } = pilotEnv(pilot, trap, settings, 'boundary', { PORT: '0', BENCH_KNOWN_CASES: JSON.stringify(cases) });
  const [, bundle] = await Promise.all([buildPilot(pilot), bundleBoundaryServer(pilot)]);
  const server = await startChildServer({
    name: 'the pilot boundary server (boundary-server.ts on the pilot build)',
    args: [bundle],
    cwd: pilot.dir,
    env,
    logFile: join(pilot.scratch, 'boundary.log'),
    ready: async (log) => /^boundary server listening on (http:\/\/\S+)$/m.exec(log)?.[1] ?? null,
  });
  return { server, key, auditFile };
}

/** What boundary-server.ts printed on its way out: the in-process model's calls. Call after stop(). */
export async function boundaryModelCalls(boundary: PilotService): Promise<{ calls: number; unmatched: number }> {
  const line = /^boundary model: (\{.*\})$/m.exec(await boundary.server.log())?.[1];
  if (!line) throw new Error('the boundary server did not report its model calls on SIGTERM');
  return JSON.parse(line) as { calls: number; unmatched: number };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

const brief = (value: unknown): string => JSON.stringify(value).slice(0, 160);

/**
 * Throws unless auth (401 without a key), validation (400 for a wrong shape), the model's answer
 * (200 with output.label) and rate limiting (x-ratelimit-limit on the answer) are all in place.
 * Leaves one 401, one 400 and one 200 line in the audit file.
 */
export async function checkServiceAnswers(service: PilotService, route: string, body: string, label: string, rateLimitMax: number): Promise<void> {
  const url = `${service.server.url}${route}`;
  const anonymous = await post(url, body, {});
  if (anonymous.status !== 401) throw new Error(`service: POST ${route} without a key got ${anonymous.status}, not 401: ${brief(anonymous.json)}`);
  const wrongShape = await post(url, JSON.stringify({ nope: true }), { authorization: `Bearer ${service.key}` });
  if (wrongShape.status !== 400) throw new Error(`service: POST ${route} with a wrong body got ${wrongShape.status}, not 400: ${brief(wrongShape.json)}`);
  const answer = await post(url, body, { authorization: `Bearer ${service.key}` });
  const output = (answer.json as { output?: { label?: string } } | null)?.output;
  if (answer.status !== 200 || output?.label !== label)
    throw new Error(`service: POST ${route} got ${answer.status} ${brief(answer.json)}, expected 200 with output.label "${label}"`);
  const limit = answer.headers.get('x-ratelimit-limit');
  if (limit !== String(rateLimitMax)) throw new Error(`service: the answer's x-ratelimit-limit is ${limit}, expected ${rateLimitMax}: is rate limiting on?`);
}

export async function readAudit(auditFile: string): Promise<AuditCounts> {
  const lines = (await readFile(auditFile, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const byStatus: Record<string, number> = {};
  for (const line of lines) {
    const { status } = JSON.parse(line) as { status: number };
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return { byStatus, lines: lines.length };
}

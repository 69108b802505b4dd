// One load run: autocannon (the load generator Fastify's own benchmarks use) in a process of its
// own, so generating load never shares an event loop with a server under test. It keeps
// `connections` keep-alive connections busy for a warm-up (not counted) and then for a fixed time,
// and reports the rate, latency percentiles and status codes as JSON.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve('autocannon/autocannon.js');
export const AUTOCANNON_VERSION = (JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as { version: string }).version;

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  warmUpSeconds: number;
  seconds: number;
}

export interface LoadResult {
  /** Mean of autocannon's per-second samples over the measured part. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses in the measured part, and how many were not 2xx. */
  responses: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
  /** Requests sent, warm-up included: an upper bound on what the server handled. */
  sent: number;
  /** Warm-up plus measured seconds as autocannon timed them. */
  loadedSeconds: number;
}

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number };
  warmup?: { duration: number; requests: { sent: number } };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const args = [AUTOCANNON, '--json', '--no-progress', '-c', String(spec.connections), '-d', String(spec.seconds)];
  args.push('--warmup', '[', '-c', String(spec.connections), '-d', String(spec.warmUpSeconds), ']');
  args.push('-m', spec.method);
  for (const [name, value] of Object.entries(spec.headers)) args.push('-H', `${name}=${value}`);
  if (spec.body !== undefined) args.push('-b', spec.body);
  args.push(spec.url);
  const timeout = (spec.warmUpSeconds + spec.seconds + 30) * 1000;
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, args, { timeout, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`autocannon failed: ${(e.stderr || e.message).trim().split('\n')[0]}`);
  }
  // The last line is the measured run (with the warm-up nested in it); a line before it is the warm-up alone.
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let run: AutocannonJson;
  try {
    run = JSON.parse(line) as AutocannonJson;
  } catch {
    throw new Error(`autocannon printed no result: ${line.slice(0, 200) || 'nothing'}`);
  }
  return {
    reqPerSec: run.requests.average,
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    responses: run.requests.total,
    non2xx: run.non2xx,
    errors: run.errors + run.timeouts,
    statusCodes: Object.fromEntries(Object.entries(run.statusCodeStats).map(([code, { count }]) => [code, count])),
    sent: run.requests.sent + (run.warmup?.requests.sent ?? 0),
    loadedSeconds: run.duration + (run.warmup?.duration ?? 0),
  };
}

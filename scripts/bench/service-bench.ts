// The service load benchmark: a generated classify/sqlite/api-key pilot's POST /v1/classify, with
// auth, validation, per-principal rate limiting and a file audit line per call all on, against
// the same Fastify's bare hello-world route, both on 127.0.0.1 under the same load in the same
// run. Target: the pilot's service boundary keeps at least half the bare framework's requests
// per second.
//
// The targeted row measures the boundary without the model hop: boundary-server.ts builds the
// pilot's own app (its buildServer, auth, settings and audit file, from the variables `npm start`
// reads) around an in-process model that answers at once. An outbound HTTP call per request
// cannot reach half a hello world's rate on a shared machine, and a real model's latency
// (hundreds of ms) dominates a real call anyway. So that nobody mistakes that row for the whole
// story, the pilot as `npm start` runs it, calling the loopback model stand-in over HTTP at 0 ms,
// is measured in the same rounds and reported beside it, untargeted.
//
// Five processes share the machine's cores: the boundary server, the service and the bare peer
// (each idle while another is loaded), autocannon, and this one (the service's model stand-in,
// busy only while the service is loaded). Rounds alternate the order, so drift lands on all three.
import { availableParallelism, loadavg } from 'node:os';
import { type BarePeer, checkBareAnswers, startBareFastify } from './bare-peer.js';
import { renderBenchPilot } from './bench-pilot.js';
import type { ChildServer } from './child-server.js';
import { offlineEnv, startEgressTrap } from './egress-trap.js';
import { benchCases } from './eval-cases.js';
import { AUTOCANNON_VERSION, type LoadResult, type LoadSpec, runLoad } from './load-generator.js';
import { startLoopbackModel } from './loopback-model.js';
import { cpuSeconds } from './process-cpu.js';
import { type PilotService, type ServiceSettings, boundaryModelCalls, checkServiceAnswers, readAudit, startBoundaryServer, startPilotService } from './service-pilot.js';
import { median } from './stats.js';
import { type Row, verdict } from './table.js';

export const SERVICE_TARGET = { ratio: 0.5, connections: 32, warmUpSeconds: 1, seconds: 5 };
export const SERVICE_MEASURE = 'service boundary req/s, ours / bare fastify';
const ROUNDS = Number(process.env.BENCH_SERVICE_RUNS ?? 3);
const ROUTE = '/v1/classify';
const SETTINGS: ServiceSettings = {
  // On, counting every request, but above anything the bench can send in one window (even at the
  // bare route's rate, ~50k/s × 60 s = 3M): a 429 would be a broken measurement, not a result.
  rateLimit: { max: 100_000_000, windowMs: 60_000 },
  // One model call per connection may be in flight, so the service's model queue (default 4,
  // sized for a real API's limits) never holds a request back: the bench measures the service.
  modelConcurrency: SERVICE_TARGET.connections,
  logLevel: process.env.BENCH_SERVICE_LOG_LEVEL ?? 'warn',
  model: 'gpt-4o-mini',
};

interface Measured extends LoadResult {
  /** Share of one core the server used while loaded (null without /proc). */
  serverCpu: number | null;
  /** Share of one core this process (the service's model stand-in) used meanwhile. */
  benchCpu: number;
}

/** One server under load: what is sent to it, and what came back. */
interface Side {
  name: string;
  server: ChildServer;
  spec: LoadSpec;
  untimed: LoadResult | null;
  runs: Measured[];
}

/** One load run against `server`, with the CPU both it and this process spent meanwhile. */
async function measured(server: ChildServer, spec: LoadSpec): Promise<Measured> {
  const cpuBefore = cpuSeconds(server.pid);
  const benchBefore = process.cpuUsage();
  const result = await runLoad(spec);
  const cpuAfter = cpuSeconds(server.pid);
  const bench = process.cpuUsage(benchBefore);
  // Divided by the loaded time only: the server idles while autocannon itself starts up.
  const serverCpu = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / result.loadedSeconds : null;
  return { ...result, serverCpu, benchCpu: (bench.user + bench.system) / 1e6 / result.loadedSeconds };
}

/** Throws (one line) unless every response was a 2xx and no connection failed. */
function checkClean(who: string, round: number, run: LoadResult): void {
  const when = round === 0 ? 'untimed warm-up run' : `round ${round}`;
  if (run.non2xx === 0 && run.errors === 0 && run.responses > 0) return;
  const codes = Object.entries(run.statusCodes)
    .map(([code, count]) => `${count}× ${code}`)
    .join(', ');
  throw new Error(`${who}, ${when}: ${run.non2xx} non-2xx responses and ${run.errors} connection errors/timeouts of ${run.responses} (${codes || 'no responses'})`);
}

/**
 * Stops a pilot server with SIGTERM (it drains what is in flight, so every audit line is then
 * written) and throws unless its audit file holds exactly one line per call: a 200 per model call
 * (no retries), the 401 and 400 probes, and between the responses counted and the requests sent.
 */
async function stopAndCheckAudit(side: Side, pilot: PilotService, modelCalls: () => Promise<{ calls: number; unmatched: number }>): Promise<{ answered: number; calls: number }> {
  const exitCode = await side.server.stop();
  if (exitCode !== 0) throw new Error(`${side.name} exited ${exitCode} on SIGTERM: ${(await side.server.log()).trim().split('\n').at(-1)}`);
  const audit = await readAudit(pilot.auditFile);
  const { calls, unmatched } = await modelCalls();
  const answered = audit.byStatus['200'] ?? 0;
  // (Integer-like keys list in ascending order, so the two JSON texts compare as they should.)
  const expected: Record<string, number> = { '200': calls, '400': 1, '401': 1 };
  const loads = [side.untimed!, ...side.runs];
  const sent = 1 + loads.reduce((sum, r) => sum + r.sent, 0);
  const received = 1 + loads.reduce((sum, r) => sum + r.responses, 0);
  if (JSON.stringify(audit.byStatus) !== JSON.stringify(expected) || answered < received || answered > sent) {
    throw new Error(
      `${side.name} audit file: ${audit.lines} lines by status ${JSON.stringify(audit.byStatus)}, expected ${JSON.stringify(expected)} (${calls} model calls) and ${received}-${sent} answers (responses counted - requests sent)`,
    );
  }
  if (unmatched > 0) throw new Error(`${side.name}: the model stand-in got ${unmatched} prompts it could not match`);
  return { answered, calls };
}

/** Says what a pilot server logged at the bench's level (its own bench lines aside). */
async function reportLog(side: Side): Promise<void> {
  const lines = (await side.server.log()).split('\n').filter((line) => line.trim() !== '' && !/^boundary (server listening on |model: )/.test(line));
  if (lines.length > 0) console.log(`service bench: ${side.name} logged ${lines.length} lines at ${SETTINGS.logLevel} or above; first: ${lines[0]!.slice(0, 200)}`);
}

const rate = (values: number[]): string => `${median(values).toFixed(0)} req/s`;
const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;
const reqPerSec = (side: Side): number => median(side.runs.map((r) => r.reqPerSec));
const perRound = (side: Side): string => side.runs.map((r) => r.reqPerSec.toFixed(0)).join(', ');
const serverCpu = (side: Side): string => (side.runs.every((r) => r.serverCpu !== null) ? percent(median(side.runs.map((r) => r.serverCpu!))) : 'n/a');
const failures = (side: Side): number => side.runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
const latency = (side: Side): string => `${rate(side.runs.map((r) => r.reqPerSec))} / ${median(side.runs.map((r) => r.p99Ms))} ms`;

export async function serviceRows(): Promise<Row[]> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_SERVICE_RUNS must be a positive integer, got ${process.env.BENCH_SERVICE_RUNS}`);
  const { connections, warmUpSeconds, seconds } = SERVICE_TARGET;
  console.log(
    `Service load: autocannon ${AUTOCANNON_VERSION} in its own process, ${connections} keep-alive connections, ${warmUpSeconds} s warm-up + ${seconds} s per run, 1 untimed run each, then ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} alternating the pilot's boundary (in-process model), bare Fastify and the pilot's service (loopback HTTP model) on POST ${ROUTE}...`,
  );
  const cases = benchCases(5);
  const known = cases.map((c) => ({ subject: c.input.subject, label: c.expected.label }));
  const chosen = cases[0]!;
  const body = JSON.stringify(chosen.input); // the same bytes go to every server
  const pilot = await renderBenchPilot('service bench');
  const model = await startLoopbackModel(known, 0);
  const trap = await startEgressTrap();
  let boundary: PilotService | null = null;
  let service: PilotService | null = null;
  let peer: BarePeer | null = null;
  try {
    boundary = await startBoundaryServer(pilot, trap, SETTINGS, known);
    service = await startPilotService(pilot, model, trap, SETTINGS);
    peer = await startBareFastify(pilot.dir, pilot.scratch, offlineEnv(trap, {}));
    await checkServiceAnswers(boundary, ROUTE, body, chosen.expected.label, SETTINGS.rateLimit.max);
    await checkServiceAnswers(service, ROUTE, body, chosen.expected.label, SETTINGS.rateLimit.max);
    await checkBareAnswers(peer, body);

    // Anything else busy on this machine takes cores from the servers and from autocannon alike:
    // the load average before and after says whether a run can be trusted.
    const loadBefore = loadavg()[0]!;
    const load = { connections, warmUpSeconds, seconds, method: 'POST' as const, body };
    const pilotSide = (name: string, pilotServer: PilotService): Side => ({
      name,
      server: pilotServer.server,
      spec: { ...load, url: `${pilotServer.server.url}${ROUTE}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${pilotServer.key}` } },
      untimed: null,
      runs: [],
    });
    const ours = pilotSide(`boundary POST ${ROUTE}`, boundary);
    const bare: Side = {
      name: 'bare fastify POST /hello',
      server: peer.server,
      spec: { ...load, url: `${peer.server.url}/hello`, headers: { 'content-type': 'application/json' } },
      untimed: null,
      runs: [],
    };
    const hop = pilotSide(`service POST ${ROUTE}`, service);
    // One untimed run each first: a server's first seconds under load (V8 optimising the pilot's
    // code, zod, undici) are slower than a 1 s warm-up covers, and would land on round 1 only.
    for (const side of [ours, bare, hop]) {
      side.untimed = await runLoad({ ...side.spec, seconds: 2 });
      checkClean(side.name, 0, side.untimed);
    }
    // The targeted pair stays back to back in every round; the order flips each round.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const side of round % 2 === 1 ? [ours, bare, hop] : [hop, bare, ours]) {
        const run = await measured(side.server, side.spec);
        checkClean(side.name, round, run);
        side.runs.push(run);
      }
    }

    console.log(`service bench: 1-minute load average ${loadBefore.toFixed(1)} before the runs, ${loadavg()[0]!.toFixed(1)} after (${availableParallelism()} cores)`);

    const ourAudit = await stopAndCheckAudit(ours, boundary, () => boundaryModelCalls(boundary!));
    const hopAudit = await stopAndCheckAudit(hop, service, async () => {
      const served = model.takeStats();
      return { calls: served.requests, unmatched: served.unmatched };
    });
    await reportLog(ours);
    await reportLog(hop);
    const blocked = trap.takeAttempts();
    if (blocked.length > 0) console.log(`service bench: blocked ${blocked.length} outbound attempts: ${[...new Set(blocked)].join(', ')}`);

    const ratio = reqPerSec(ours) / reqPerSec(bare);
    const hopRatio = reqPerSec(hop) / reqPerSec(bare);
    const { max, windowMs } = SETTINGS.rateLimit;
    return [
      { measure: `  boundary POST ${ROUTE} (in-process model) median / p99`, value: latency(ours), target: '', result: '' },
      { measure: `  bare fastify ${peer.fastifyVersion} POST /hello median / p99`, value: latency(bare), target: '', result: '' },
      { measure: '  req/s per round, boundary | bare', value: `${perRound(ours)} | ${perRound(bare)}`, target: 'reported', result: '' },
      { measure: '  non-2xx + errors, boundary / service / bare', value: `${failures(ours)} / ${failures(hop)} / ${failures(bare)}`, target: '0', result: '' },
      { measure: '  server CPU while loaded, boundary / bare', value: `${serverCpu(ours)} / ${serverCpu(bare)}`, target: 'reported', result: '' },
      { measure: '  audit lines for answers, boundary / service', value: `${ourAudit.answered} / ${hopAudit.answered}, 1 per model call`, target: '1 per call', result: '' },
      { measure: '  rate limit (on), per principal', value: `${max} / ${windowMs / 1000} s, 0 refused`, target: 'reported', result: '' },
      { measure: SERVICE_MEASURE, value: `${ratio.toFixed(2)}x`, target: `>= ${SERVICE_TARGET.ratio}x`, result: verdict(ratio >= SERVICE_TARGET.ratio) },
      { measure: `  service POST ${ROUTE} via npm start + HTTP model median / p99`, value: latency(hop), target: '', result: '' },
      { measure: '  req/s per round, service with model hop', value: perRound(hop), target: 'reported', result: '' },
      {
        measure: '  server CPU while loaded, service (+ model stand-in)',
        value: `${serverCpu(hop)} (+${percent(median(hop.runs.map((r) => r.benchCpu)))})`,
        target: 'reported',
        result: '',
      },
      { measure: 'service with model hop req/s, ours / bare', value: `${hopRatio.toFixed(2)}x`, target: 'reported', result: '' },
    ];
  } finally {
    await Promise.all([boundary?.server.stop(), service?.server.stop(), peer?.server.stop()]);
    await Promise.all([model.close(), trap.close(), pilot.remove()]);
  }
}

// The service load benchmark: a generated classify/sqlite/api-key pilot's POST /v1/classify, with
// auth, validation, per-principal rate limiting and a file audit line per call all on, against
// the same Fastify's bare hello-world route, both on 127.0.0.1 under the same load in the same
// run. The model is the loopback stand-in at 0 ms, so the service is what is measured. Target:
// the service keeps at least half the bare framework's requests per second.
//
// Four processes share the machine's cores: the service, the bare peer (idle while the service
// is loaded, and the other way round), autocannon, and this one (the model stand-in, busy only
// while the service is loaded). Rounds alternate which side goes first, so drift lands on both.
import { availableParallelism, loadavg } from 'node:os';
import { type BarePeer, checkBareAnswers, startBareFastify } from './bare-peer.js';
import { renderBenchPilot } from './bench-pilot.js';
import type { ChildServer } from './child-server.js';
import { offlineEnv, startEgressTrap } from './egress-trap.js';
import { benchCases } from './eval-cases.js';
import { AUTOCANNON_VERSION, type LoadResult, type LoadSpec, runLoad } from './load-generator.js';
import { startLoopbackModel } from './loopback-model.js';
import { cpuSeconds } from './process-cpu.js';
import { type PilotService, type ServiceSettings, checkServiceAnswers, readAudit, startPilotService } from './service-pilot.js';
import { median } from './stats.js';
import { type Row, verdict } from './table.js';

export const SERVICE_TARGET = { ratio: 0.5, connections: 32, warmUpSeconds: 1, seconds: 5 };
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
  /** Share of one core this process (the model stand-in) used meanwhile. */
  benchCpu: number;
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
  const codes = Object.entries(run.statusCodes).map(([code, count]) => `${count}× ${code}`).join(', ');
  throw new Error(`${who}, ${when}: ${run.non2xx} non-2xx responses and ${run.errors} connection errors/timeouts of ${run.responses} (${codes || 'no responses'})`);
}

const rate = (values: number[]): string => `${median(values).toFixed(0)} req/s`;
const percent = (share: number): string => `${(share * 100).toFixed(0)}%`;

export async function serviceRows(): Promise<Row[]> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_SERVICE_RUNS must be a positive integer, got ${process.env.BENCH_SERVICE_RUNS}`);
  const { connections, warmUpSeconds, seconds } = SERVICE_TARGET;
  console.log(
    `Service load: autocannon ${AUTOCANNON_VERSION} in its own process, ${connections} keep-alive connections, ${warmUpSeconds} s warm-up + ${seconds} s per run, 1 untimed run each, then ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} alternating the pilot's POST ${ROUTE} and bare Fastify...`,
  );
  const cases = benchCases(5);
  const chosen = cases[0]!;
  const body = JSON.stringify(chosen.input); // the same bytes go to both servers
  const pilot = await renderBenchPilot('service bench');
  const model = await startLoopbackModel(cases.map((c) => ({ subject: c.input.subject, label: c.expected.label })), 0);
  const trap = await startEgressTrap();
  let service: PilotService | null = null;
  let peer: BarePeer | null = null;
  try {
    service = await startPilotService(pilot, model, trap, SETTINGS);
    peer = await startBareFastify(pilot.dir, pilot.scratch, offlineEnv(trap, {}));
    await checkServiceAnswers(service, ROUTE, body, chosen.expected.label, SETTINGS.rateLimit.max);
    await checkBareAnswers(peer, body);

    // Anything else busy on this machine takes cores from the servers and from autocannon alike:
    // the load average before and after says whether a run can be trusted.
    const loadBefore = loadavg()[0]!;
    const load = { connections, warmUpSeconds, seconds, method: 'POST' as const, body };
    const oursSpec: LoadSpec = { ...load, url: `${service.server.url}${ROUTE}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${service.key}` } };
    const bareSpec: LoadSpec = { ...load, url: `${peer.server.url}/hello`, headers: { 'content-type': 'application/json' } };
    // One untimed run each first: the service's first seconds under load (V8 optimising tsx's
    // output, zod, undici) are slower than a 1 s warm-up covers, and would land on round 1 only.
    const untimed = await runLoad({ ...oursSpec, seconds: 2 });
    checkClean(`service POST ${ROUTE}`, 0, untimed);
    checkClean('bare fastify POST /hello', 0, await runLoad({ ...bareSpec, seconds: 2 }));
    const ours: Measured[] = [];
    const bare: Measured[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const who of round % 2 === 1 ? ['ours', 'bare'] : ['bare', 'ours']) {
        if (who === 'ours') {
          const run = await measured(service.server, oursSpec);
          checkClean(`service POST ${ROUTE}`, round, run);
          ours.push(run);
        } else {
          const run = await measured(peer.server, bareSpec);
          checkClean('bare fastify POST /hello', round, run);
          bare.push(run);
        }
      }
    }

    console.log(`service bench: 1-minute load average ${loadBefore.toFixed(1)} before the runs, ${loadavg()[0]!.toFixed(1)} after (${availableParallelism()} cores)`);

    // Stopped with SIGTERM, the service drains what is in flight; then every audit line is written.
    const exitCode = await service.server.stop();
    if (exitCode !== 0) throw new Error(`the pilot service exited ${exitCode} on SIGTERM: ${(await service.server.log()).trim().split('\n').at(-1)}`);
    const audit = await readAudit(service.auditFile);
    const served = model.takeStats();
    const answered = audit.byStatus['200'] ?? 0;
    // One line per call: each 200 made exactly one model call (no retries), plus the 401 and 400 probes.
    // (Integer-like keys list in ascending order, so the two JSON texts compare as they should.)
    const expected: Record<string, number> = { '200': served.requests, '400': 1, '401': 1 };
    const sent = 1 + [untimed, ...ours].reduce((sum, r) => sum + r.sent, 0);
    const received = 1 + [untimed, ...ours].reduce((sum, r) => sum + r.responses, 0);
    if (JSON.stringify(audit.byStatus) !== JSON.stringify(expected) || answered < received || answered > sent) {
      throw new Error(`audit file: ${audit.lines} lines by status ${JSON.stringify(audit.byStatus)}, expected ${JSON.stringify(expected)} (${served.requests} model calls) and ${received}-${sent} answers (responses counted - requests sent)`);
    }
    if (served.unmatched > 0) throw new Error(`the model stand-in got ${served.unmatched} prompts it could not match`);
    const serviceLog = (await service.server.log()).trim();
    if (serviceLog) console.log(`service bench: the service logged ${serviceLog.split('\n').length} lines at ${SETTINGS.logLevel} or above; first: ${serviceLog.split('\n')[0]!.slice(0, 200)}`);
    const blocked = trap.takeAttempts();
    if (blocked.length > 0) console.log(`service bench: blocked ${blocked.length} outbound attempts: ${[...new Set(blocked)].join(', ')}`);

    const oursRate = median(ours.map((r) => r.reqPerSec));
    const bareRate = median(bare.map((r) => r.reqPerSec));
    const ratio = oursRate / bareRate;
    const rounds = (runs: Measured[]) => runs.map((r) => r.reqPerSec.toFixed(0)).join(', ');
    const cpu = (runs: Measured[]) => (runs.every((r) => r.serverCpu !== null) ? percent(median(runs.map((r) => r.serverCpu!))) : 'n/a');
    const { max, windowMs } = SETTINGS.rateLimit;
    return [
      { measure: `  service POST ${ROUTE} median / p99 latency`, value: `${rate(ours.map((r) => r.reqPerSec))} / ${median(ours.map((r) => r.p99Ms))} ms`, target: '', result: '' },
      { measure: `  bare fastify ${peer.fastifyVersion} POST /hello median / p99`, value: `${rate(bare.map((r) => r.reqPerSec))} / ${median(bare.map((r) => r.p99Ms))} ms`, target: '', result: '' },
      { measure: '  req/s per round, service | bare', value: `${rounds(ours)} | ${rounds(bare)}`, target: 'reported', result: '' },
      { measure: '  non-2xx + errors, service / bare', value: `${ours.reduce((s, r) => s + r.non2xx + r.errors, 0)} / ${bare.reduce((s, r) => s + r.non2xx + r.errors, 0)}`, target: '0', result: '' },
      { measure: '  server CPU while loaded, service (+ model stand-in) / bare', value: `${cpu(ours)} (+${percent(median(ours.map((r) => r.benchCpu)))}) / ${cpu(bare)}`, target: 'reported', result: '' },
      { measure: '  audit lines for service answers', value: `${answered} = ${served.requests} model calls`, target: '1 per call', result: '' },
      { measure: `  rate limit (on), per principal`, value: `${max} / ${windowMs / 1000} s, 0 refused`, target: 'reported', result: '' },
      { measure: 'service req/s, ours / bare fastify', value: `${ratio.toFixed(2)}x`, target: `>= ${SERVICE_TARGET.ratio}x`, result: verdict(ratio >= SERVICE_TARGET.ratio) },
    ];
  } finally {
    await Promise.all([service?.server.stop(), peer?.server.stop()]);
    await Promise.all([model.close(), trap.close(), pilot.remove()]);
  }
}

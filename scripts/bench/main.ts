// `npm run bench`: measures create-pilot-slice against its targets and prints one table.
// It measures, it does not gate: a MISS still exits 0, and so does a comparison peer that cannot
// run here (SKIP). It exits 1 only when one of our own measurements could not be taken (a CLI
// failed, prompted, or wrote nothing; npm pack failed; a generated pilot's eval did not answer
// every case, or its service did not start or answered the load with anything but 2xx). The
// eval benchmark (eval-bench.ts) installs its pilot's dependencies and promptfoo once into
// .bench/ (git-ignored), so the first run takes a few minutes longer; the service load benchmark
// (service-bench.ts) reuses that pilot install. Its targeted row is the pilot's service boundary
// with an in-process model; the pilot as `npm start` runs it, with the model over loopback HTTP,
// is reported beside it.
//
// BENCH_ONLY=<names> runs only some measurements (comma-separated: scaffold, package, update, eval,
// service, redact, first-green), e.g. `BENCH_ONLY=service npm run bench`; unset, all of them run.
// It runs on the pilots' default Node line (node-line.ts): on an older Node it re-runs itself there.
import { arch, platform, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CREATE_VITE, PILOT_SLICE } from './contenders.js';
import { FIRST_GREEN_MEASURE, FIRST_GREEN_TARGET, firstGreenRows } from './first-green.js';
import { runOnPilotNodeLine } from './node-line.js';
import { EVAL_TARGET, evalRows } from './eval-bench.js';
import { runtimeDependencies, tarballSize } from './package-facts.js';
import { type Samples, compareScaffolds } from './scaffold-speed.js';
import { REDACT_MEASURE, REDACT_TARGET, redactRows } from './redact-bench.js';
import { SERVICE_MEASURE, SERVICE_TARGET, serviceRows } from './service-bench.js';
import { UPDATE_TARGET, updateRows } from './update-bench.js';
import { median, percentile } from './stats.js';
import { type Row, failed, ms, printTable, verdict } from './table.js';

const PACKAGE_DIR = fileURLToPath(new URL('../../packages/create-pilot-slice/', import.meta.url));
const ROUNDS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET = { timeRatio: 1.5, packedBytes: 400_000, runtimeDeps: 0 };

const mib = (kb: number): string => `${(kb / 1024).toFixed(1)} MiB`;
const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`; // npm's kB: 1000 bytes

// Scaffolds are timed in a folder of the checkout, where a user's projects would be: the same
// disk and file system as the repo. The OS temp folder is timed too and reported: on a long-lived
// machine whose tests churn through it, creating a file there can cost several times more, and
// a pilot has 94 files to create-vite's 18.
const SCAFFOLD_DIR = fileURLToPath(new URL('../../.bench/scaffold/', import.meta.url));

async function scaffoldRows(): Promise<Row[]> {
  console.log(`Scaffolding in .bench/scaffold, then in ${tmpdir()}: 1 warm-up each, then ${ROUNDS} interleaved runs each...`);
  const [ours, vite] = await compareScaffolds(PILOT_SLICE, CREATE_VITE, ROUNDS, SCAFFOLD_DIR);
  const [oursTmp, viteTmp] = await compareScaffolds(PILOT_SLICE, CREATE_VITE, ROUNDS, tmpdir());
  const rows: Row[] = [];
  for (const { contender, runs } of [ours, vite]) {
    const wall = runs.map((r) => r.wallMs);
    const rss = runs.map((r) => r.peakRssKb);
    rows.push({ measure: `  ${contender.name} wall median / p90`, value: `${ms(median(wall))} / ${ms(percentile(wall, 90))}`, target: '', result: '' });
    rows.push({ measure: `  ${contender.name} peak RSS median`, value: mib(median(rss)), target: '', result: '' });
  }
  const wall = (s: Samples) => median(s.runs.map((r) => r.wallMs));
  const timeRatio = wall(ours) / wall(vite);
  const tmpRatio = wall(oursTmp) / wall(viteTmp);
  const rssRatio = median(ours.runs.map((r) => r.peakRssKb)) / median(vite.runs.map((r) => r.peakRssKb));
  const tmpWalls = `${ms(wall(oursTmp))} / ${ms(wall(viteTmp))}`;
  rows.push({ measure: 'scaffold time, ours / create-vite', value: `${timeRatio.toFixed(2)}x`, target: `<= ${TARGET.timeRatio}x`, result: verdict(timeRatio <= TARGET.timeRatio) });
  rows.push({ measure: `  the same in ${tmpdir()} (${tmpWalls})`, value: `${tmpRatio.toFixed(2)}x`, target: 'reported', result: '' });
  rows.push({ measure: 'peak RSS, ours / create-vite', value: `${rssRatio.toFixed(2)}x`, target: 'reported', result: '' });
  return rows;
}

async function tarballRows(): Promise<Row[]> {
  const size = await tarballSize(PACKAGE_DIR);
  return [
    { measure: 'tarball packed', value: kB(size.packedBytes), target: `<= ${TARGET.packedBytes / 1000} kB`, result: verdict(size.packedBytes <= TARGET.packedBytes) },
    { measure: 'tarball unpacked', value: `${kB(size.unpackedBytes)}, ${size.files} files`, target: 'reported', result: '' },
  ];
}

async function dependencyRows(): Promise<Row[]> {
  const deps = await runtimeDependencies(PACKAGE_DIR);
  const value = deps.length === 0 ? '0' : `${deps.length}: ${deps.join(', ')}`;
  return [{ measure: 'runtime dependencies', value, target: String(TARGET.runtimeDeps), result: verdict(deps.length <= TARGET.runtimeDeps) }];
}

/** Runs one measurement; if it cannot be taken, says why and marks it FAIL instead of stopping the rest. */
async function measure(rows: () => Promise<Row[]>, ifFailed: Row): Promise<Row[]> {
  try {
    return await rows();
  } catch (error) {
    console.error(`\n${ifFailed.measure}: measurement failed\n${error instanceof Error ? error.message : String(error)}\n`);
    return [ifFailed];
  }
}

runOnPilotNodeLine(fileURLToPath(import.meta.url));

const SECTIONS = ['scaffold', 'package', 'update', 'eval', 'service', 'redact', 'first-green'] as const;
const only = process.env.BENCH_ONLY?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
const runs = (section: (typeof SECTIONS)[number]): boolean => !only || only.includes(section);

if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_RUNS must be a positive integer, got ${process.env.BENCH_RUNS}`);
const rows = [
  ...(runs('scaffold') ? await measure(scaffoldRows, failed('scaffold time, ours / create-vite', `<= ${TARGET.timeRatio}x`)) : []),
  ...(runs('package') ? await measure(tarballRows, failed('tarball packed', `<= ${TARGET.packedBytes / 1000} kB`)) : []),
  ...(runs('package') ? await measure(dependencyRows, failed('runtime dependencies', String(TARGET.runtimeDeps))) : []),
  ...(runs('update') ? await measure(updateRows, failed('update of a 1000-file pilot / scaffolding it', `<= ${UPDATE_TARGET.ratio}x`)) : []),
  ...(runs('eval') ? await measure(evalRows, failed('eval pipeline phase / ideal', `<= ${EVAL_TARGET.idealRatio}x`)) : []),
  ...(runs('service') ? await measure(serviceRows, failed(SERVICE_MEASURE, `>= ${SERVICE_TARGET.ratio}x`)) : []),
  ...(runs('redact') ? await measure(redactRows, failed(REDACT_MEASURE, `<= ${REDACT_TARGET.ratio}x`)) : []),
  ...(runs('first-green') ? await measure(firstGreenRows, failed(FIRST_GREEN_MEASURE, `< ${FIRST_GREEN_TARGET.seconds}`)) : []),
];
console.log(
  `\ncreate-pilot-slice bench: Node ${process.version}, ${platform()} ${arch()}, peak RSS = ru_maxrss read inside each CLI process, eval = loopback model at ${EVAL_TARGET.latencyMs} ms per request, service boundary = the pilot's app with an in-process model (the service with its model over loopback HTTP at 0 ms reported beside it)\n`,
);
printTable(rows);
process.exitCode = rows.some((row) => row.result === 'FAIL') ? 1 : 0;

// "First green": a new default pilot from nothing to green, as a team's first minutes go, on the
// pilots' default Node line with a warm npm cache: scaffold with the CLI (and its npm install),
// `npm test`, then `npm run eval` scoring the baseline with no model configured. The target is
// under 60 s on a 2-core machine. One untimed warm-up first fills the npm cache (a team that has
// installed anything this year has most of these packages cached); the timed runs then take the
// same path as a user, install included, with nothing shared between them but that cache.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PILOT_SLICE } from './contenders.js';
import { median } from './stats.js';
import { type Row, verdict } from './table.js';
import { timedSpawn } from './timed-spawn.js';

export const FIRST_GREEN_TARGET = { seconds: 60 };
export const FIRST_GREEN_MEASURE = 'first green: scaffold + install + npm test + eval (s)';
const ROUNDS = Number(process.env.BENCH_FIRST_GREEN_RUNS ?? 1);
const TEN_MINUTES = 10 * 60_000;

interface Phases {
  scaffoldInstallMs: number;
  testMs: number;
  evalMs: number;
  totalMs: number;
}

/** A user's environment: none of the npm_* variables npm run bench set, npm as the manager. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || key === 'npm_config_nodedir'));
  return { ...env, NO_COLOR: '1', CI: '', npm_config_user_agent: `npm/11 node/${process.version} linux x64` };
}

async function step(what: string, command: string, args: string[], cwd: string, accept: (code: number | null) => boolean): Promise<{ ms: number; stdout: string }> {
  const run = await timedSpawn(command, args, { cwd, env: userEnv() }, TEN_MINUTES);
  if (run.timedOut || !accept(run.code)) {
    throw new Error(`${what} ${run.timedOut ? 'timed out' : `exited ${run.code}`}:\n${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
  }
  return { ms: run.wallMs, stdout: run.stdout };
}

/** One pilot from nothing to green; throws unless every step did its work. */
async function firstGreen(): Promise<Phases> {
  const work = await mkdtemp(join(tmpdir(), 'pilot-slice-first-green-'));
  try {
    const dir = join(work, 'my-pilot');
    const scaffold = await step(
      'create-pilot-slice',
      process.execPath,
      [PILOT_SLICE.script, 'my-pilot', '--owner', '@acme/bench', '--yes', '--no-git'],
      work,
      (code) => code === 0,
    );
    if (!scaffold.stdout.includes('Installed dependencies')) throw new Error(`create-pilot-slice did not install:\n${scaffold.stdout}`);
    const test = await step('npm test', 'npm', ['test'], dir, (code) => code === 0);
    if (!/Tests\s+\d+ passed/.test(test.stdout)) throw new Error(`npm test ran no tests:\n${test.stdout}`);
    // No model configured: exit 2 (inconclusive), with the baseline scored offline in the report.
    const evalRun = await step('npm run eval', 'npm', ['run', '--silent', 'eval'], dir, (code) => code === 2);
    const report = /^report: (\S+)$/m.exec(evalRun.stdout)?.[1];
    if (!report) throw new Error(`npm run eval printed no report line:\n${evalRun.stdout}`);
    const baseline = (JSON.parse(await readFile(join(dir, report, 'report.json'), 'utf8')) as { baseline?: { summary?: { n?: number } } }).baseline;
    if (!baseline?.summary?.n) throw new Error(`the eval report scored no baseline cases (${join(dir, report, 'report.json')})`);
    return { scaffoldInstallMs: scaffold.ms, testMs: test.ms, evalMs: evalRun.ms, totalMs: scaffold.ms + test.ms + evalRun.ms };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function firstGreenRows(): Promise<Row[]> {
  if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`BENCH_FIRST_GREEN_RUNS must be a positive integer, got ${process.env.BENCH_FIRST_GREEN_RUNS}`);
  console.log(`First green on Node ${process.version}: 1 warm-up (fills the npm cache), then ${ROUNDS} timed run(s)...`);
  await firstGreen();
  const runs: Phases[] = [];
  for (let round = 0; round < ROUNDS; round += 1) runs.push(await firstGreen());
  const mid = (pick: (run: Phases) => number): number => median(runs.map(pick));
  const total = mid((run) => run.totalMs) / 1000;
  return [
    { measure: `  scaffold + npm install (Node ${process.version})`, value: seconds(mid((run) => run.scaffoldInstallMs)), target: '', result: '' },
    { measure: '  npm test', value: seconds(mid((run) => run.testMs)), target: '', result: '' },
    { measure: '  npm run eval (baseline scored, no model)', value: seconds(mid((run) => run.evalMs)), target: '', result: '' },
    { measure: FIRST_GREEN_MEASURE, value: total.toFixed(1), target: `< ${FIRST_GREEN_TARGET.seconds}`, result: verdict(total < FIRST_GREEN_TARGET.seconds) },
  ];
}

// One timed `npm run eval -- --no-cache` in the bench pilot, as a user types it: the wall time is
// spawn → exit (npm, Node, and the pilot compiling its src/ with esbuild, which every run does,
// included); the pipeline phase comes from report.json's
// timing.pipelineMs, written by the runner around its calls to the model. The run only counts
// if every case got a valid answer: a fast run that dropped cases would flatter the ratio.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { timedSpawn } from './timed-spawn.js';

const TIMEOUT_MS = 5 * 60_000;
/** 0 cleared, 1 not cleared, 2 inconclusive all come with a full report; 3 (invalid input) does not. */
const REPORTED_EXITS = new Set([0, 1, 2]);

export interface OurRun {
  wallMs: number;
  pipelineMs: number;
  /** main() up to writing the report, without npm, Node, compiling src/ and the imports. */
  runnerMs: number;
}

interface ReportJson {
  pipeline: { n: number; errors: number; invalid: number } | null;
  cases: Array<{ id: string; pipeline: { status: string } | null }>;
  timing?: { pipelineMs: number | null; totalMs: number };
}

export async function runOurEval(pilotDir: string, cases: number, env: NodeJS.ProcessEnv): Promise<OurRun> {
  // Each run starts from no earlier reports (the runner reads the last cleared one to list flips).
  await rm(join(pilotDir, 'evals/reports'), { recursive: true, force: true });
  await mkdir(join(pilotDir, 'evals/reports'));

  const { code, wallMs, stdout, stderr } = await timedSpawn('npm', ['run', 'eval', '--', '--no-cache'], { cwd: pilotDir, env }, TIMEOUT_MS);
  const output = `${stdout}\n${stderr}`.slice(-3000);
  const reportLine = stdout.trim().split('\n').at(-1) ?? '';
  const match = /^report: (.+?)\/?$/.exec(reportLine);
  if (code === null || !REPORTED_EXITS.has(code) || !match) throw new Error(`npm run eval exited ${code} without a report:\n${output}`);
  const report = JSON.parse(await readFile(join(pilotDir, match[1]!, 'report.json'), 'utf8')) as ReportJson;

  const p = report.pipeline;
  const unanswered = report.cases.filter((c) => c.pipeline?.status !== 'ok').map((c) => c.id);
  if (!p || p.n !== cases || p.errors > 0 || p.invalid > 0 || report.cases.length !== cases || unanswered.length > 0) {
    throw new Error(
      `npm run eval did not answer all ${cases} cases (pipeline n=${p?.n}, errors=${p?.errors}, invalid=${p?.invalid}, unanswered: ${unanswered.slice(0, 5).join(', ')}):\n${output}`,
    );
  }
  const pipelineMs = report.timing?.pipelineMs;
  if (typeof pipelineMs !== 'number') throw new Error('report.json has no timing.pipelineMs: is templates/base/files/src/kit/evals/run.ts recording it?');
  return { wallMs, pipelineMs, runnerMs: report.timing?.totalMs ?? Number.NaN };
}

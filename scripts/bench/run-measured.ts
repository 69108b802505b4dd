// Runs one Node CLI once, as a user's shell would in a non-interactive session, and returns
// its wall time, peak RSS and output. Wall time is taken around spawn → close in this process,
// so it includes Node start-up: that is what a user waits for.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { timedSpawn } from './timed-spawn.js';

const RSS_PROBE = fileURLToPath(new URL('./rss-probe.cjs', import.meta.url));

/** A run that takes this long is stuck, most likely waiting on a prompt: fail it, do not hang. */
const TIMEOUT_MS = 60_000;

export interface Run {
  wallMs: number;
  peakRssKb: number;
  output: string;
}

/** Runs `node <script> ...args` in cwd; rssFile is a scratch path outside cwd for the probe. */
export async function runMeasured(script: string, args: readonly string[], cwd: string, rssFile: string): Promise<Run> {
  const run = await timedSpawn(
    process.execPath,
    ['--require', RSS_PROBE, script, ...args],
    {
      cwd,
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    },
    TIMEOUT_MS,
  );
  const { code, signal, wallMs } = run;
  const output = run.stdout + run.stderr;

  const command = `node ${script} ${args.join(' ')}`;
  if (run.timedOut) throw new Error(`${command} did not finish in ${TIMEOUT_MS / 1000}s (waiting on a prompt?)\n${output}`);
  if (code !== 0) throw new Error(`${command} exited ${code ?? signal}\n${output}`);
  const peakRssKb = Number(await readFile(rssFile, 'utf8'));
  if (!Number.isFinite(peakRssKb) || peakRssKb <= 0) throw new Error(`${command}: no peak RSS recorded`);
  return { wallMs, peakRssKb, output };
}

// Times create-pilot-slice against create-vite's react-ts template in one process, so both
// see the same machine, Node and disk. One untimed warm-up each fills the OS file cache;
// then the runs alternate, and swap which goes first every round, so a burst of background
// noise lands on both rather than on whichever happened to be running.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contender } from './contenders.js';
import { type Run, runMeasured } from './run-measured.js';

export interface Samples {
  contender: Contender;
  runs: Run[];
}

/** One run in a fresh temp folder, verified, then the folder removed (cleanup is not timed). */
async function runOnce(contender: Contender): Promise<Run> {
  const root = await mkdtemp(join(tmpdir(), 'pilot-slice-bench-'));
  try {
    const cwd = join(root, 'cwd');
    await mkdir(cwd);
    const run = await runMeasured(contender.script, contender.args('app'), cwd, join(root, 'peak-rss'));
    contender.verify(join(cwd, 'app'), run.output);
    return run;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function compareScaffolds(a: Contender, b: Contender, rounds: number): Promise<[Samples, Samples]> {
  await runOnce(a);
  await runOnce(b);
  const samples: [Samples, Samples] = [
    { contender: a, runs: [] },
    { contender: b, runs: [] },
  ];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? samples : [samples[1], samples[0]];
    for (const s of order) s.runs.push(await runOnce(s.contender));
  }
  return samples;
}

// Times create-pilot-slice against create-vite's react-ts template in one process, so both
// see the same machine, Node and disk. One untimed warm-up each fills the OS file cache;
// then the runs alternate, and swap which goes first every round, so a burst of background
// noise lands on both rather than on whichever happened to be running.
//
// Where the runs write is the caller's choice (`where`): creating a file costs what the file
// system makes it cost there, and the two scaffolders write 94 and 18 files.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Contender } from './contenders.js';
import { type Run, runMeasured } from './run-measured.js';

export interface Samples {
  contender: Contender;
  runs: Run[];
}

/**
 * One run in a fresh folder under `where`, verified. The folder is left for the caller to remove
 * once every run is done: removing files just before the next run creates its own makes that run
 * wait on the file system's clean-up (seen here: 94 file creations taking 3x longer right after an
 * `rm -rf`), which would time the disk's journal, not the scaffolder.
 */
async function runOnce(contender: Contender, where: string, made: string[]): Promise<Run> {
  await mkdir(where, { recursive: true });
  const root = await mkdtemp(join(where, 'pilot-slice-bench-'));
  made.push(root);
  const cwd = join(root, 'cwd');
  await mkdir(cwd);
  const run = await runMeasured(contender.script, contender.args('app'), cwd, join(root, 'peak-rss'));
  contender.verify(join(cwd, 'app'), run.output);
  return run;
}

export async function compareScaffolds(a: Contender, b: Contender, rounds: number, where: string): Promise<[Samples, Samples]> {
  const made: string[] = [];
  try {
    await runOnce(a, where, made);
    await runOnce(b, where, made);
    const samples: [Samples, Samples] = [
      { contender: a, runs: [] },
      { contender: b, runs: [] },
    ];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? samples : [samples[1], samples[0]];
      for (const s of order) s.runs.push(await runOnce(s.contender, where, made));
    }
    return samples;
  } finally {
    await Promise.all(made.map((root) => rm(root, { recursive: true, force: true })));
  }
}

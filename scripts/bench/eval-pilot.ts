// The pilot the eval benchmark runs: the bench's classify pilot (bench-pilot.ts) with its cases
// swapped for the bench's.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BenchPilot, renderBenchPilot } from './bench-pilot.js';
import { type BenchCase, toJsonl } from './eval-cases.js';

export async function prepareBenchPilot(cases: readonly BenchCase[]): Promise<BenchPilot> {
  const pilot = await renderBenchPilot('eval bench');
  const { dir } = pilot;
  try {
    const casesDir = join(dir, 'evals/cases');
    for (const file of await readdir(casesDir)) if (file.endsWith('.jsonl')) await rm(join(casesDir, file));
    await writeFile(join(casesDir, 'bench.jsonl'), toJsonl(cases));
    // The verdict does not matter here, but "too few cases" must not be why a run stops short.
    const criteriaFile = join(dir, 'success-criteria.yaml');
    const criteria = await readFile(criteriaFile, 'utf8');
    await writeFile(
      criteriaFile,
      criteria.replace(/^(\s*min_cases:\s*)\d+/m, (_, head: string) => `${head}${Math.min(20, cases.length)}`),
    );
    await mkdir(join(dir, 'evals/reports'), { recursive: true });
    return pilot;
  } catch (error) {
    await pilot.remove();
    throw error;
  }
}

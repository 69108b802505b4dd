/**
 * CI's one exception (.github/workflows/pilot.yml): an eval run that exited 2 only because no model
 * is configured yet may warn instead of failing the job. Given the run's stdout, exit 0 only when
 * its report says exactly that (modelMissing and no other blocker); exit 1 for anything else: no
 * report line, an unreadable report, a crash, or any other reason to be inconclusive.
 *
 *   npx tsx src/kit/evals/not-enforced.ts <file with the eval run's stdout>
 */
import { join } from 'node:path';
import { readInputFile } from './input-file.js';

const LOG_MAX_BYTES = 16 * 1024 * 1024;

/** Why the run must not be excused, or null when the only blocker is the missing model. */
export function whyEnforced(stdout: string, readReport: (dir: string) => string): string | null {
  const dir = /^report: (\S+?)\/?$/m.exec(stdout.trimEnd().split('\n').at(-1) ?? '')?.[1];
  if (!dir) return 'the run printed no report line (it crashed or refused its input)';
  let report: { exitCode?: unknown; modelMissing?: unknown; blockers?: unknown; gates?: unknown };
  try {
    report = JSON.parse(readReport(dir));
  } catch {
    return `${dir}/report.json cannot be read`;
  }
  if (report.exitCode !== 2) return `the report's exit code is ${String(report.exitCode)}, not 2`;
  if (report.modelMissing !== true) return 'a model is configured (or configured badly)';
  if (!Array.isArray(report.blockers) || report.blockers.length !== 1) return `the run is inconclusive for other reasons too: ${JSON.stringify(report.blockers)}`;
  return null;
}

if (process.argv[1]?.endsWith('not-enforced.ts')) {
  const [logFile] = process.argv.slice(2);
  let why: string | null;
  try {
    why = logFile
      ? whyEnforced(readInputFile(logFile, 'eval log', LOG_MAX_BYTES, '/'), (dir) => readInputFile(join(dir, 'report.json'), 'report', 64 * 1024 * 1024))
      : 'usage: not-enforced.ts <eval stdout file>';
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  if (why) console.error(`eval gate enforced: ${why}`);
  process.exitCode = why ? 1 : 0;
}

/**
 * `npm run cases:import -- --limit N`: N records from the configured connector become unlabeled
 * eval cases in evals/cases/imported-<date>.jsonl (redacted, de-duplicated). Label them before
 * `npm run eval`: it counts unlabeled cases and stays inconclusive (exit 2) until they are labelled.
 * Exit codes: 0 done (also when nothing new was found); 1 the source failed; 2 bad arguments or settings.
 */
import { parseArgs } from 'node:util';
import { createConnector } from '../src/connector.js';
import { MAX_LIMIT } from '../src/kit/connectors/connector.js';
import { ConfigError, loadDotEnv } from '../src/kit/env.js';
import { importCases } from '../src/kit/import-cases.js';

const USAGE = `usage: npm run cases:import -- --limit N   (1 to ${MAX_LIMIT}, default 20)`;

function parseLimit(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { limit: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw = values.limit ?? '20';
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ConfigError(`--limit ${JSON.stringify(raw)} must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

async function main(): Promise<number> {
  let limit: number;
  try {
    limit = parseLimit(process.argv.slice(2));
  } catch (err) {
    console.error(`cases:import: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  loadDotEnv();
  // Records the connector itself skips (a malformed CSV row, a record without an id) count as skipped
  // too. Connectors say "skipped" in exactly those warnings; their others (a page limit, a dropped idle
  // connection) are not records.
  let malformed = 0;
  const connector = createConnector(process.env, {
    warn: (message) => {
      if (/\bskipped\b/.test(message)) malformed += 1;
      console.warn(`cases:import: ${message}`);
    },
  });
  try {
    const info = connector.describe();
    if (info.isSample) console.warn(`cases:import: reading the shipped sample (${info.source}); point the connector at real data first (docs/data.md)`);
    const result = await importCases({ connector, limit });
    for (const { id, reason } of result.skipped) console.warn(`cases:import: skipped record ${id}: ${reason}`);
    const notes = `${result.duplicates} duplicate(s) of existing cases, ${result.skipped.length + malformed} record(s) skipped`;
    if (!result.file) {
      console.log(`cases:import: nothing new from ${info.kind} (${notes})`);
      return 0;
    }
    console.log(`cases:import: wrote ${result.written} unlabeled case(s) to ${result.file} (${notes}).`);
    console.log('Label them with npm run cases:label (or by hand: add "expected" and criteria, remove the "unlabeled" tag). `npm run eval` stays inconclusive (exit 2) while any case is unlabeled.');
    return 0;
  } finally {
    await connector.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const config = err instanceof ConfigError;
    console.error(`cases:import: ${config ? 'config: ' : ''}${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = config ? 2 : 1;
  },
);

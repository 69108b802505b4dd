/**
 * A valid `expected` for this pilot: the use case's `exampleExpected` fixture (which fits the team's
 * own sets), or, for fixtures written before it existed, the first labelled shipped case's.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as fixtures from '../../fixtures/use-case.js';

export function exampleExpected(): unknown {
  const fromFixture = (fixtures as { exampleExpected?: unknown }).exampleExpected;
  if (fromFixture !== undefined) return fromFixture;
  const dir = join(process.cwd(), 'evals/cases');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl') && !name.startsWith('imported-'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const parsed = line.trim() ? (JSON.parse(line) as { expected?: unknown }) : {};
      if (parsed.expected !== undefined) return parsed.expected;
    }
  }
  throw new Error(`no exampleExpected in test/fixtures/use-case.ts and no labelled case in ${dir}`);
}

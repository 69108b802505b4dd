/** The first case the use case ships in evals/cases: a valid `expected` for any use case. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function firstShippedCase(): { id: string; input: unknown; expected: unknown } {
  const dir = join(process.cwd(), 'evals/cases');
  const file = readdirSync(dir).find((name) => name.endsWith('.jsonl') && !name.startsWith('imported-'));
  if (!file) throw new Error(`no shipped case file in ${dir}`);
  const line = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .find((l) => l.trim());
  return JSON.parse(line ?? '{}');
}

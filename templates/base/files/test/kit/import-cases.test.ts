import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connector, Row } from '../../src/kit/connectors/connector.js';
import { loadDataset, unlabeledProblem } from '../../src/kit/evals/cases.js';
import { dedupKey, importCases, rowToInput } from '../../src/kit/import-cases.js';
import { inputSchema } from '../../src/pipeline.js';
import { validInput } from '../fixtures/use-case.js';
import { exampleExpected } from './helpers/example-expected.js';
import { tempDir } from './helpers/temp-dir.js';

const fields = Object.keys(validInput);
/** validInput with its text fields numbered: distinct inputs of the right shape for any use case. */
const text = (i: number): Record<string, unknown> => Object.fromEntries(Object.entries(validInput as Record<string, unknown>).map(([f, v]) => [f, typeof v === 'string' ? `${v} #${i}` : v]));
const textField = fields.find((f) => typeof (validInput as Record<string, unknown>)[f] === 'string') ?? fields[0] ?? 'text';

/** A connector over fixed rows: what cases:import sees of any real source. */
function connectorOver(rows: Row[]): Connector {
  return {
    describe: () => ({ kind: 'fake', source: 'test rows', isSample: false }),
    read: async () => rows,
    sample: async (n) => rows.slice(0, n),
    close: async () => undefined,
  };
}

describe('npm run cases:import', () => {
  const now = new Date('2026-05-04T10:00:00Z');

  it('writes redacted, de-duplicated, unlabeled cases that the eval runner counts and will not score', async () => {
    const dir = tempDir('import');
    const existing = { id: 'old-1', input: text(1), expected: exampleExpected(), tags: ['happy'], source: 'x', criteria: ['y'] };
    writeFileSync(join(dir, 'labeled.jsonl'), `${JSON.stringify(existing)}\n`);
    const rows: Row[] = [
      { id: 'r1', ...text(1), extra: 'dropped' }, // same input as the existing case
      { id: 'r2', ...text(2), [textField]: `${String(text(2)[textField])} mail me: ann@example.com` },
      { id: 'r3', ...text(3) },
      { id: 'r4', ...Object.fromEntries(Object.entries(text(3)).map(([k, v]) => [k, typeof v === 'string' ? `  ${v.toUpperCase()} ` : v])) }, // r3 again, shouting
      { id: 'r5', ...text(5) },
    ];
    const result = await importCases({ connector: connectorOver(rows), limit: 2, casesDir: dir, now });
    expect(result).toMatchObject({ written: 2, duplicates: 1, file: join(dir, 'imported-2026-05-04.jsonl') });
    const lines = readFileSync(result.file ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ id: expect.stringMatching(/^imp-[0-9a-f]{10}$/), tags: ['unlabeled'], source: expect.stringMatching(/^imported from fake test rows, record r\d, on 2026-05-04$/) });
      expect(line).not.toHaveProperty('expected');
      expect(inputSchema.safeParse(line.input).success).toBe(true);
      expect(Object.keys(line.input).sort()).toEqual([...fields].sort());
    }
    expect(JSON.stringify(lines)).not.toContain('ann@example.com');

    const again = await importCases({ connector: connectorOver(rows), limit: 10, casesDir: dir, now });
    expect(again).toMatchObject({ written: 1, duplicates: 4 }); // r1-r4 are known now; only r5 is new

    const { dataset, errors } = loadDataset(dir, dir); // the scratch folder stands in for the pilot
    expect(errors).toEqual([]);
    expect(dataset.cases.map((c) => c.id)).toEqual(['old-1']);
    expect(unlabeledProblem(dataset)).toMatch(/^3 unlabeled case\(s\) need labelling \(.*imported-2026-05-04\.jsonl lines 1-3\)/);
  });

  it('skips records that cannot be an input, saying why, and writes nothing when nothing is new', async () => {
    const dir = tempDir('import');
    const empty: Row = { id: 'blank', ...Object.fromEntries(fields.map((f) => [f, null])) };
    const result = await importCases({ connector: connectorOver([empty]), limit: 5, casesDir: dir, now });
    if (inputSchema.safeParse(rowToInput(empty)).success) {
      expect(result.written).toBe(1); // this use case accepts empty input
    } else {
      expect(result).toMatchObject({ written: 0, file: null, skipped: [{ id: 'blank', reason: expect.any(String) }] });
    }
  });

  it('matches rows to input fields by name and treats case and spacing changes as duplicates', () => {
    expect(rowToInput({ id: 'x', ...validInput, unrelated: 1 })).toEqual(validInput);
    expect(dedupKey({ a: ' Hello  World ' })).toBe(dedupKey({ a: 'hello world' }));
    expect(dedupKey({ a: 'hello' })).not.toBe(dedupKey({ a: 'hello!' }));
  });
});

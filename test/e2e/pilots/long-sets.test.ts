// A pilot made with long sets of its own (many labels, queues, priorities or fields, with long names)
// lints clean and type-checks from its first commit: the generated lists are laid out as the pilot's
// biome formats them, one item a line past its line width.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { npmRun, scaffoldPilot } from '../../support/pilot.js';
import { typecheckPilots } from '../../support/typecheck-pilots.js';

/** `count` distinct set values of `length` characters (the schema allows 40): `l01_xxxx...`. */
const names = (prefix: string, count: number, length: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(2, '0')}_`.padEnd(length, 'x'));

const LABELS = names('l', 11, 39);
const QUEUES = names('q', 9, 39);
const PRIORITIES = names('p', 5, 39);
const FIELD_TYPES = ['string', 'number', 'date', 'boolean'];
const FIELDS = names('f', 24, 39).map((name, i) => `${name}:${FIELD_TYPES[i % FIELD_TYPES.length]}`);

const PILOTS = [
  { name: `classify with ${LABELS.length} labels of 39 characters`, useCase: 'classify', flags: ['--labels', LABELS.join(',')] },
  {
    name: `triage with ${QUEUES.length} queues and ${PRIORITIES.length} priorities of 39 characters`,
    useCase: 'triage',
    flags: ['--queues', QUEUES.join(','), '--priorities', PRIORITIES.join(',')],
  },
  { name: `extract with ${FIELDS.length} fields of 39 characters`, useCase: 'extract', flags: ['--fields', FIELDS.join(',')] },
];

describe('pilots made with long sets of their own', () => {
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const pilot of PILOTS) dirs.set(pilot.name, await scaffoldPilot({ useCase: pilot.useCase, flags: pilot.flags }));
  });

  it('carry every value, one a line where the line would be too long', async () => {
    const classify = await readFile(join(dirs.get(PILOTS[0]?.name ?? '') ?? '', 'src/pipeline.ts'), 'utf8');
    expect(classify).toContain(`export const labels = [\n${LABELS.map((label) => `  '${label}',\n`).join('')}] as const;`);
    const triage = await readFile(join(dirs.get(PILOTS[1]?.name ?? '') ?? '', 'src/pipeline.ts'), 'utf8');
    expect(triage).toContain(`export const priorities = [\n${PRIORITIES.map((p) => `  '${p}',\n`).join('')}] as const;`);
  });

  it.concurrent.each(PILOTS)('$name lints clean', { timeout: 120_000 }, async (pilot) => {
    const lint = await npmRun(dirs.get(pilot.name) ?? '', 'lint');
    expect(lint.exitCode, lint.all).toBe(0);
    expect(lint.all).toMatch(/Checked \d+ files/);
  });

  it('type-check, each as its own program', { timeout: 300_000 }, () => {
    const results = typecheckPilots([...dirs.values()], inject('sharedNodeModules'));
    expect(results).toHaveLength(PILOTS.length);
    for (const result of results) {
      expect(result.files, result.dir).toBeGreaterThan(20);
      expect(result.errors, result.dir).toEqual([]);
    }
  });
});

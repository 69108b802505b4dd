/**
 * `npm run cases:label` for this pilot's use case, in process: the file it saves (every other line
 * kept byte for byte, the labelled case one the eval gate loads and scores) and its questions. The
 * runs without a terminal are the kit's engine tests (kit-tests/label-cli.test.ts, run once by the
 * generator); the interactive session is driven in tmux by its e2e tests (test/e2e/pilots/label.test.ts).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseSchema, loadDataset } from '../../src/kit/evals/cases.js';
import { scoreBaselineCase } from '../../src/kit/evals/score-cases.js';
import { FileChangedError, labelledLine, readPending, saveLine } from '../../src/kit/label/case-file.js';
import { acceptable, checkExpected } from '../../src/kit/label/expected.js';
import { labelSpec } from '../../src/label.js';
import { expectedSchema } from '../../src/score.js';
import { tempDir } from './helpers/temp-dir.js';
import { shipped, unlabeledLine } from './helpers/unlabeled-case.js';

const label = { expected: shipped.expected, tags: ['unlabeled', 'edge'], criteria: ['the written criteria say so'], by: 'Ada Lovelace', at: new Date('2026-12-01T10:00:00Z') };

describe('a labelled case', () => {
  it('is one the eval gate loads, records who and when, and scores like the same case written by hand', () => {
    const dir = tempDir('label-case');
    writeFileSync(join(dir, 'imported.jsonl'), `${unlabeledLine('imp-1', 0)}\n`);
    const [pending] = readPending(join(dir, 'imported.jsonl'), dir).cases;
    const saved = JSON.parse(labelledLine(pending!, label));
    expect(saved).toMatchObject({
      id: 'imp-1',
      expected: shipped.expected,
      tags: ['edge'],
      criteria: ['the written criteria say so'],
      labelled_by: 'Ada Lovelace',
      labelled_at: '2026-12-01T10:00:00.000Z',
    });

    writeFileSync(join(dir, 'imported.jsonl'), `${JSON.stringify(saved)}\n`);
    const { dataset, errors } = loadDataset(dir, dir);
    expect(errors).toEqual([]);
    expect(dataset.cases).toHaveLength(1);
    const [loaded] = dataset.cases;
    expect(loaded).toMatchObject({ labelled_by: 'Ada Lovelace', labelled_at: '2026-12-01T10:00:00.000Z' });
    const byHand = caseSchema.parse({ id: 'by-hand', input: shipped.input, expected: shipped.expected, tags: ['happy'], source: 'the team', criteria: ['c'] });
    const { id: _labelledId, tags: _labelledTags, ...labelledScore } = scoreBaselineCase(loaded!);
    const { id: _byHandId, tags: _byHandTags, ...byHandScore } = scoreBaselineCase(byHand);
    expect(labelledScore).toEqual(byHandScore);
  });

  it('is refused by the eval gate when who or when is not a real value', () => {
    const dir = tempDir('label-bad-when');
    const saved = { ...JSON.parse(labelledLine(readPending(writeCase(dir), dir).cases[0]!, label)), labelled_at: 'yesterday' };
    writeFileSync(join(dir, 'imported.jsonl'), `${JSON.stringify(saved)}\n`);
    expect(loadDataset(dir, dir).errors).toEqual([expect.stringMatching(/imported\.jsonl:1: labelled_at: /)]);
  });
});

function writeCase(dir: string): string {
  const file = join(dir, 'imported.jsonl');
  writeFileSync(file, `${unlabeledLine('imp-1', 1)}\n`);
  return file;
}

describe('a case waiting for a label', () => {
  it('may have no criteria at all (a shipped copy from an older generator, a line written by hand): the session starts with none and saves a case the eval loads', () => {
    const dir = tempDir('label-no-criteria');
    const file = join(dir, 'classify.jsonl');
    const { criteria: _none, ...withoutCriteria } = JSON.parse(unlabeledLine('cls-001', 1));
    writeFileSync(file, `${JSON.stringify({ ...withoutCriteria, tags: ['edge', 'unlabeled'] })}\n`);
    const { cases, problems } = readPending(file, dir);
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.id, c.criteria, c.tags])).toEqual([['cls-001', [], ['edge', 'unlabeled']]]);
    saveLine(cases[0]!, labelledLine(cases[0]!, label), dir);
    const { dataset, errors } = loadDataset(dir, dir);
    expect(errors).toEqual([]);
    expect(dataset.unlabeled).toEqual([]);
    expect(dataset.cases.map((c) => [c.id, c.criteria])).toEqual([['cls-001', ['the written criteria say so']]]);
  });

  it('may hold "expected": null as a placeholder: cases:label offers it, the eval counts it unlabeled instead of refusing it', () => {
    const dir = tempDir('label-null-expected');
    const file = join(dir, 'by-hand.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...JSON.parse(unlabeledLine('hand-1', 2)), expected: null, tags: ['edge'] })}\n`);
    const { cases, problems } = readPending(file, dir);
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.id, c.expected])).toEqual([['hand-1', null]]);
    const before = loadDataset(dir, dir);
    expect(before.errors).toEqual([]);
    expect(before.dataset.unlabeled).toEqual([{ file: expect.stringMatching(/by-hand\.jsonl$/), lines: [1] }]);
    saveLine(cases[0]!, labelledLine(cases[0]!, label), dir);
    const after = loadDataset(dir, dir);
    expect(after.errors).toEqual([]);
    expect(after.dataset.cases.map((c) => [c.id, c.expected])).toEqual([['hand-1', shipped.expected]]);
  });
});

describe('saving a label', () => {
  it('replaces only its own line: other lines, line endings, blank lines and a missing final newline stay byte for byte', () => {
    const dir = tempDir('label-save');
    const file = join(dir, 'imported.jsonl');
    const before = `${unlabeledLine('imp-1', 1)}\r\n${unlabeledLine('imp-2', 2)}\r\n\n${unlabeledLine('imp-3', 3)}`;
    writeFileSync(file, before);
    const { cases, problems } = readPending(file, dir);
    expect(problems).toEqual([]);
    expect(cases.map((c) => [c.id, c.line])).toEqual([
      ['imp-1', 1],
      ['imp-2', 2],
      ['imp-3', 4],
    ]);
    const line = labelledLine(cases[1]!, label);
    saveLine(cases[1]!, line, dir);
    expect(readFileSync(file, 'utf8')).toBe(`${unlabeledLine('imp-1', 1)}\r\n${line}\r\n\n${unlabeledLine('imp-3', 3)}`);
    const last = labelledLine(cases[2]!, label);
    saveLine(cases[2]!, last, dir);
    expect(readFileSync(file, 'utf8')).toBe(`${unlabeledLine('imp-1', 1)}\r\n${line}\r\n\n${last}`);
    expect(readdirSync(dir)).toEqual(['imported.jsonl']); // no temp file left behind
  });

  it('writes nothing when the line was edited since the session read it, and says so', () => {
    const dir = tempDir('label-changed');
    const file = writeCase(dir);
    const [pending] = readPending(file, dir).cases;
    const edited = `${unlabeledLine('imp-1', 99)}\n`;
    writeFileSync(file, edited);
    expect(() => saveLine(pending!, labelledLine(pending!, label), dir)).toThrow(FileChangedError);
    expect(() => saveLine(pending!, labelledLine(pending!, label), dir)).toThrow(/imported\.jsonl:1 changed since the session read it; nothing saved for imp-1/);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });
});

describe("this use case's label questions", () => {
  it('build an expected answer back from what a person types for it (each text answer read back as shown)', () => {
    const expected = shipped.expected as Record<string, unknown>;
    const typed = Object.fromEntries(labelSpec.questions.map((q) => [q.key, q.kind === 'choice' ? expected[q.key] : q.parse(q.format(expected[q.key]))]));
    expect(checkExpected(labelSpec, expectedSchema, typed)).toEqual({ ok: true, expected: shipped.expected });
  });

  it('offer nothing to accept from an answer with nothing usable', () => {
    expect(acceptable(labelSpec, expectedSchema, {})).toBeNull();
    expect(acceptable(labelSpec, expectedSchema, null)).toBeNull();
  });
});

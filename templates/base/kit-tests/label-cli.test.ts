/**
 * `npm run cases:label` as a real process with no terminal (stdin and stdout are pipes, as in CI):
 * it explains how to label by file, refuses an unknown flag and a malformed case file with exit 3,
 * and writes nothing. Kit engine tests: the same in every pilot, so the generator runs them once.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPending } from '../../src/kit/label/case-file.js';
import { acceptable } from '../../src/kit/label/expected.js';
import { runBaseline } from '../../src/baseline/index.js';
import { labelSpec } from '../../src/label.js';
import { expectedSchema } from '../../src/score.js';
import { npmScript } from './helpers/npm-script.js';
import { tempDir } from './helpers/temp-dir.js';
import { shipped, unlabeledLine } from './helpers/unlabeled-case.js';

/** A scratch pilot: its own evals/cases, the real src and node_modules linked in. */
function scratchPilot(files: Record<string, string>): string {
  const dir = tempDir('pilot-label');
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(process.cwd(), file), join(dir, file));
  symlinkSync(join(process.cwd(), 'src'), join(dir, 'src'), 'junction');
  symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'junction');
  mkdirSync(join(dir, 'evals/cases'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'evals/cases', name), text);
  return dir;
}

/** Every file under evals/cases with its bytes: what "nothing written" compares. */
const snapshot = (dir: string) => Object.fromEntries(readdirSync(join(dir, 'evals/cases')).map((name) => [name, readFileSync(join(dir, 'evals/cases', name), 'utf8')]));

/** `npm run cases:label -- <args>` with no terminal (stdin and stdout are pipes), as CI or a script runs it. */
const runLabel = (cwd: string, args: string[] = []) => npmScript(cwd, 'cases:label', args);

describe.concurrent('npm run cases:label', () => {
  it('with no terminal, explains how to label by file with an example line, exits 2 and writes nothing', { timeout: 60_000 }, async () => {
    const dir = scratchPilot({ 'imported-2026-12-01.jsonl': `${unlabeledLine('imp-1', 1)}\n${unlabeledLine('imp-2', 2)}\n` });
    const before = snapshot(dir);
    const run = await runLabel(dir, ['--by', 'Ada']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('2 unlabeled case(s) in evals/cases/imported-2026-12-01.jsonl');
    expect(run.stdout).toContain('add "expected"');
    expect(run.stdout).toContain('replace the "unlabeled" tag');
    expect(run.stderr.trim()).toBe('cases:label: not a terminal, so nothing was asked and nothing written: label the 2 case(s) by file as shown above, or run npm run cases:label in a terminal');
    // The example is the first case labelled with the baseline's answer, when that answer is a valid expected.
    const example = run.stdout.split('\n').filter((l) => l.startsWith('{'));
    const [first] = readPending(join(dir, 'evals/cases/imported-2026-12-01.jsonl'), dir).cases;
    const fromBaseline = acceptable(labelSpec, expectedSchema, runBaseline(first!.input as Parameters<typeof runBaseline>[0]));
    if (fromBaseline === null) expect(example).toEqual([]);
    else
      expect(example.map((l) => JSON.parse(l))).toEqual([
        expect.objectContaining({ id: 'imp-1', expected: fromBaseline, tags: ['happy'], criteria: ['<why this answer is right>'], labelled_by: '<your name>' }),
      ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses an unknown flag with exit 3, naming it and the flags there are', { timeout: 60_000 }, async () => {
    const dir = scratchPilot({ 'imported.jsonl': `${unlabeledLine('imp-1', 1)}\n` });
    const before = snapshot(dir);
    const run = await runLabel(dir, ['--bogus']);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe("cases:label: Unknown option '--bogus'; the flags are --by NAME, --cases PATH and --help");
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a malformed case file with exit 3, naming the file, the line and the reason, before asking anything', { timeout: 60_000 }, async () => {
    const dir = scratchPilot({
      'imported.jsonl': `${unlabeledLine('imp-1', 1)}\n{"id": "imp-2", "input": \n`,
      'team.jsonl': `${JSON.stringify({ id: 'x', input: shipped.input, expected: { nope: 1 }, tags: ['happy'], source: 's', criteria: ['c'] })}\n`,
    });
    const before = snapshot(dir);
    const run = await runLabel(dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^cases:label: evals\/cases\/imported\.jsonl:2: not valid JSON/m);
    expect(run.stderr).toMatch(/^cases:label: evals\/cases\/team\.jsonl:1: expected/m);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('cases:label: fix the case file(s) above, then run it again; nothing was asked or written');
    expect(run.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });

  it('says there is nothing to label, exit 0, when every case has its answer', { timeout: 60_000 }, async () => {
    const labelled = { id: 'team-1', input: shipped.input, expected: shipped.expected, tags: ['happy'], source: 'the team', criteria: ['c'], labelled_by: 'Ada', labelled_at: '2026-12-01T10:00:00Z' };
    const dir = scratchPilot({ 'team.jsonl': `${JSON.stringify(labelled)}\n` });
    const run = await runLabel(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('cases:label: no unlabeled cases in evals/cases; import some with npm run cases:import');
  });
});

/**
 * What `npm run cases:label` prints when it cannot prompt (no terminal: CI, a pipe): how to label the
 * same cases by editing the file, with one of them worked as an example line.
 */
import type { z } from 'zod';
import { displayPath } from '../evals/input-file.js';
import { type PendingCase, labelledLine } from './case-file.js';
import { acceptable } from './expected.js';
import type { LabelSpec } from './spec.js';

export interface ByFileDeps {
  spec: LabelSpec;
  expectedSchema: z.ZodType;
  // A method, so the use case's own typed runBaseline(input: Input) fits.
  runBaseline(input: unknown): unknown;
}

export function byFileHelp(cases: PendingCase[], deps: ByFileDeps, now = new Date()): string {
  const files = [...new Set(cases.map((c) => displayPath(c.file)))];
  const first = cases[0] as PendingCase;
  const fields = deps.spec.questions.map((q) => (q.kind === 'choice' ? `${q.key} (one of ${q.options.join(', ')})` : q.key)).join(', ');
  const lines = [
    `${cases.length} unlabeled case(s) in ${files.join(', ')}. To label one by file, edit its line:`,
    `  - add "expected": the right answer, with ${fields} (the shape src/score.ts's expectedSchema checks);`,
    '  - replace the "unlabeled" tag with what the case is: happy, edge, adversarial, pii, regression, ...;',
    '  - put at least one line in "criteria": why that answer is right;',
    '  - optionally "labelled_by" (your name) and "labelled_at" (ISO time), as cases:label records them.',
  ];
  const example = acceptable(deps.spec, deps.expectedSchema, deps.runBaseline(first.input));
  if (example !== null) {
    const line = labelledLine(first, { expected: example, tags: ['happy'], criteria: ['<why this answer is right>'], by: '<your name>', at: now });
    lines.push(`For example, ${displayPath(first.file)}:${first.line} labelled with the baseline's answer (check it before you keep it):`, line);
  }
  lines.push('Then run npm run eval: it stays inconclusive (exit 2) while any case is unlabeled.');
  return lines.join('\n');
}

// Random team edits and random template changes over many files, through the same decision the
// update makes for each path: no team line is lost, no file is lost, and edits that do not touch
// each other always merge clean (so a clean update never exits 3).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { loadMergeLibs } from './merge-libs.js';
import { sha256 } from '../tree/hash.js';

const labels = { ours: 'yours', base: 'base', theirs: 'theirs' };
const side = (lines: string[]) => ({ content: Buffer.from(lines.map((line) => `${line}\n`).join('')), executable: false });

interface Change {
  at: number;
  kind: 'replace' | 'insert' | 'delete';
}

/** Applies changes at distinct indices from the end, so earlier indices stay valid. */
function apply(lines: string[], changes: Change[], tag: string): string[] {
  const out = [...lines];
  for (const [n, change] of [...changes].sort((a, b) => b.at - a.at).entries()) {
    if (change.kind === 'replace') out[change.at] = `${tag}${n} replaced`;
    else if (change.kind === 'insert') out.splice(change.at, 0, `${tag}${n} inserted`);
    else out.splice(change.at, 1);
  }
  return out;
}

const fileArbitrary = fc.integer({ min: 1, max: 40 }).chain((length) =>
  fc.record({
    base: fc.constant(Array.from({ length }, (_, i) => `base line ${i}`)),
    ours: fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: length - 1 }), kind: fc.constantFrom<Change['kind']>('replace', 'insert', 'delete') }), {
      selector: (c) => c.at,
      maxLength: 4,
    }),
    theirs: fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: length - 1 }), kind: fc.constantFrom<Change['kind']>('replace', 'insert', 'delete') }), {
      selector: (c) => c.at,
      maxLength: 4,
    }),
    theirsDeletesFile: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }),
);

beforeAll(loadMergeLibs);

describe('update merge, property-based', () => {
  it('keeps every team line, loses no file, and merges non-touching edits clean', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(fileArbitrary, { minLength: 1, maxLength: 12 }), (files) => {
        for (const [index, file] of files.entries()) {
          const base = file.base;
          const ours = apply(base, file.ours, 'U');
          const theirs = file.theirsDeletesFile ? undefined : apply(base, file.theirs, 'T');
          const outcome = decide({
            path: `notes/file-${index}.txt`,
            policy: 'managed',
            recordedSha256: sha256(side(base).content),
            base: side(base),
            ours: side(ours),
            theirs: theirs ? side(theirs) : undefined,
            labels,
            style: 'inline',
          });
          const teamEdited = file.ours.length > 0;
          // No file is lost: a file the team edited is never deleted.
          if (teamEdited) expect(outcome.kind).not.toBe('deleted');
          const result =
            outcome.kind === 'unchanged' || outcome.kind === 'kept'
              ? ours
              : outcome.kind === 'deleted'
                ? []
                : (outcome.result?.content.toString('utf8') ?? side(ours).content.toString('utf8')).split('\n');
          // Every line the team wrote survives, in the merge or inside a reported conflict.
          for (const line of ours.filter((l) => l.startsWith('U'))) expect(result).toContain(line);
          // Edits at least two lines apart on both sides never conflict.
          const apart = file.ours.every((o) => file.theirs.every((t) => Math.abs(o.at - t.at) >= 2));
          if (theirs && apart) expect(outcome.kind, JSON.stringify(file)).not.toBe('conflicted');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

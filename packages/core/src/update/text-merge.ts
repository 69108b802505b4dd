import { mergeLibs } from './merge-libs.js';

/** How each side is named in conflict markers, so a reader knows which is which. */
export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export type ConflictStyle = 'inline' | 'rej';

export interface TextMerge {
  text: string;
  /** Conflicting hunks; 0 means the merge is clean. */
  conflicts: number;
  /** With the `rej` style: the template's hunks that could not be applied, as a readable patch. */
  rejects: string;
}

/**
 * A line-based three-way merge (diff3) of the team's file, the version last generated, and the new
 * version. Line endings follow the team's file: a CRLF checkout merges against LF templates
 * without every line looking changed, and keeps its CRLF.
 */
export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels, style: ConflictStyle = 'inline'): TextMerge {
  const eol = lineEnding(ours);
  const [a, o, b] = [ours, withLineEnding(base, eol), withLineEnding(theirs, eol)].map(splitLines) as [string[], string[], string[]];
  return mergeLines(a, o, b, labels, style, eol);
}

/** Marks a base line as changed on the team's side too; stripped from the result (a NUL never survives a text file's merge). */
const OFFERED = '\u0000offered';

/**
 * For a file the team edited and owns (a seed): their text stays as they wrote it, and each change
 * the template made since the last update is offered beside it as a conflict, never applied. Done
 * as a diff3 merge whose base counts every line the template touched as changed by the team as well.
 */
export function offerTheirChanges(ours: string, base: string, theirs: string, labels: MergeLabels, style: ConflictStyle = 'inline'): TextMerge {
  const eol = lineEnding(ours);
  const [a, o, b] = [ours, withLineEnding(base, eol), withLineEnding(theirs, eol)].map(splitLines) as [string[], string[], string[]];
  const marked = [...o];
  for (const chunk of mergeLibs().diff3.diffIndices(o, b)) {
    const [at, length] = chunk.buffer1 as [number, number];
    // A pure insertion marks the line before it (or after, at the top), so it cannot slip in clean.
    const lines = length > 0 ? [at, at + length - 1] : [Math.max(0, at - 1), Math.max(0, at - 1)];
    for (let index = lines[0] ?? 0; index <= (lines[1] ?? -1) && index < marked.length; index += 1) marked[index] = `${OFFERED}${marked[index]}`;
  }
  const merged = mergeLines(a, marked, b, labels, style, eol);
  return { ...merged, text: merged.text.replaceAll(OFFERED, ''), rejects: merged.rejects.replaceAll(OFFERED, '') };
}

function mergeLines(a: string[], o: string[], b: string[], labels: MergeLabels, style: ConflictStyle, eol: string): TextMerge {
  const regions = mergeLibs().diff3.diff3Merge(a, o, b, { excludeFalseConflicts: true });
  const out: string[] = [];
  const rejects: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      continue;
    }
    const conflict = region.conflict;
    if (!conflict) continue;
    conflicts += 1;
    if (style === 'rej') {
      out.push(...conflict.a);
      rejects.push(rejectHunk(conflict.aIndex, conflict.o, conflict.b, labels, eol));
    } else {
      out.push(
        `<<<<<<< ${labels.ours}${eol}`,
        ...terminated(conflict.a, eol),
        `||||||| ${labels.base}${eol}`,
        ...terminated(conflict.o, eol),
        `=======${eol}`,
        ...terminated(conflict.b, eol),
        `>>>>>>> ${labels.theirs}${eol}`,
      );
    }
  }
  return { text: out.join(''), conflicts, rejects: rejects.join('') };
}

/** Lines with their terminators, so joining them gives back the exact text. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function lineEnding(text: string): '\r\n' | '\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

function withLineEnding(text: string, eol: string): string {
  return eol === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n');
}

/** A marker must start on its own line, even after a last line with no newline. */
function terminated(lines: string[], eol: string): string[] {
  const last = lines.at(-1);
  return last === undefined || last.endsWith('\n') ? lines : [...lines.slice(0, -1), `${last}${eol}`];
}

function rejectHunk(atIndex: number, base: string[], theirs: string[], labels: MergeLabels, eol: string): string {
  return [
    `@@ line ${atIndex + 1}: the template changed these lines, and so did you; apply by hand${eol}`,
    `--- ${labels.base}${eol}`,
    ...terminated(base, eol).map((line) => `-${line}`),
    `+++ ${labels.theirs}${eol}`,
    ...terminated(theirs, eol).map((line) => `+${line}`),
  ].join('');
}

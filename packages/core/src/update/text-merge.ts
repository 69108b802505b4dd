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
/** Settles a clashing hunk (team's lines, base lines, template's lines), or returns null to leave it marked. */
export type HunkResolver = (ours: string[], base: string[], theirs: string[]) => string[] | null;

export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels, style: ConflictStyle = 'inline', resolve?: HunkResolver): TextMerge {
  const { a, o, b, eol } = linesOf(ours, base, theirs);
  return mergeLines(a, o, b, labels, style, eol, resolve);
}

/**
 * For files with `#` comments (YAML, .env): a hunk where one side changed only comments and blank
 * lines is no clash. The other side's lines are taken, and the comment lines added beside them,
 * each before the line it stood above. So a team's comment next to the template's changed steps
 * keeps both, where a line merge alone would mark them.
 */
export const keepCommentOnlyEdits: HunkResolver = (ours, base, theirs) => {
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((line, i) => line === y[i]);
  if (same(code(ours), code(base))) return weaveComments(theirs, ours, base);
  if (same(code(theirs), code(base))) return weaveComments(ours, theirs, base);
  return null;
};

const isTrivia = (line: string) => /^\s*(?:#.*)?\r?\n?$/.test(line);
const code = (lines: string[]) => lines.filter((line) => !isTrivia(line));

/**
 * `target` with the comment and blank lines `source` added (relative to `base`), each before the line
 * that follows it in `source`; when that line is gone from `target`, at the hunk's start or end,
 * whichever it was nearer.
 */
function weaveComments(target: string[], source: string[], base: string[]): string[] {
  const unused = new Map<string, number>();
  for (const line of base) unused.set(line, (unused.get(line) ?? 0) + 1);
  const result = [...target];
  for (const [index, line] of source.entries()) {
    const left = unused.get(line) ?? 0;
    if (left > 0) unused.set(line, left - 1);
    if (!isTrivia(line) || left > 0) continue;
    const anchor = source.slice(index + 1).find((next) => !isTrivia(next));
    const at = anchor === undefined ? -1 : result.indexOf(anchor);
    // A comment with nothing after it in the hunk stood above whatever follows the hunk: it goes last.
    result.splice(at >= 0 ? at : anchor !== undefined && index < source.length / 2 ? 0 : result.length, 0, line);
  }
  return result;
}

/** Marks a base line as changed on the team's side too; stripped from the result (a NUL never survives a text file's merge). */
const OFFERED = '\u0000offered';

/**
 * For a file the team edited and owns (a seed): their text stays as they wrote it, and each change
 * the template made since the last update is offered beside it as a conflict, never applied. Done
 * as a diff3 merge whose base counts every line the template touched as changed by the team as well.
 */
export function offerTheirChanges(ours: string, base: string, theirs: string, labels: MergeLabels, style: ConflictStyle = 'inline'): TextMerge {
  const { a, o, b, eol } = linesOf(ours, base, theirs);
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

function mergeLines(a: string[], o: string[], b: string[], labels: MergeLabels, style: ConflictStyle, eol: string, resolve?: HunkResolver): TextMerge {
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
    const settled = resolve?.(conflict.a, conflict.o, conflict.b);
    if (settled) {
      out.push(...settled);
      continue;
    }
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

/** The three sides as lines, base and theirs in the team's line endings (see mergeText). */
function linesOf(ours: string, base: string, theirs: string): { a: string[]; o: string[]; b: string[]; eol: '\r\n' | '\n' } {
  const eol = lineEnding(ours);
  const [a, o, b] = [ours, withLineEnding(base, eol), withLineEnding(theirs, eol)].map(splitLines) as [string[], string[], string[]];
  return { a, o, b, eol };
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

import type { FilePolicy } from '../layers/manifest.js';
import { sha256 } from '../tree/hash.js';
import { mergeStructured3, parsesAs, structuredKindOf } from './structured-merge.js';
import { type FileSide, isBinary, sameSide } from './sides.js';
import { type ConflictStyle, type MergeLabels, type TextMerge, keepCommentOnlyEdits, mergeText, offerTheirChanges } from './text-merge.js';

/** What update does to one path, and why: the summary and the plan are built from these. */
export type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'created' | 'updated' | 'merged'; result: FileSide }
  | { kind: 'deleted' }
  | { kind: 'kept'; reason: string }
  /** `beside`: the template's version, written next to the team's as `<path>.template` (binary files). */
  | { kind: 'conflicted'; result?: FileSide; rejects?: string; beside?: FileSide; reason: string; stages: ConflictStages };

/** The three versions of a conflicted file, for the git index (stages 1, 2, 3). */
export interface ConflictStages {
  base?: FileSide;
  ours?: FileSide;
  theirs?: FileSide;
}

export interface PathInput {
  path: string;
  policy: FilePolicy;
  /** The hash provenance recorded for what was generated here; absent for a path new to the templates. */
  recordedSha256?: string;
  /** What was generated last time, when it could be recovered (cache, registry, git history). */
  base?: FileSide;
  /** The pilot's file now. */
  ours?: FileSide;
  /** What the new templates generate; absent when they no longer have the file. */
  theirs?: FileSide;
  labels: MergeLabels;
  style: ConflictStyle;
}

export function decide(input: PathInput): Outcome {
  const { ours, theirs } = input;
  const generatedBefore = input.recordedSha256 !== undefined;
  if (!generatedBefore) return input.policy === 'seed' && ours ? { kind: 'unchanged' } : decideAdded(input);
  if (!ours) {
    if (!theirs || (input.base && sameSide(theirs, input.base))) return { kind: 'unchanged' };
    return { kind: 'kept', reason: 'you deleted it; it stays deleted' };
  }
  // The team's file still is exactly what was generated: whatever its owner, the new version replaces it.
  if (untouched(input, ours)) {
    if (!theirs) return { kind: 'deleted' };
    const result = { content: theirs.content, executable: mergedBit(ours, input.base, theirs) };
    // A mode the team set on a file the template left alone is theirs to keep, and no change.
    return sameSide(result, ours) ? { kind: 'unchanged' } : { kind: 'updated', result };
  }
  if (!theirs) return { kind: 'kept', reason: 'the template no longer has it, and you edited it: kept yours (delete it when you no longer need it)' };
  if (sameSide(ours, theirs)) return { kind: 'unchanged' };
  if (!input.base) return input.policy === 'seed' ? { kind: 'unchanged' } : twoWayConflict(input, ours, theirs);
  if (input.policy === 'seed') return offerToSeed(input, ours, input.base, theirs);
  return merge3(input, ours, input.base, theirs);
}

function untouched(input: PathInput, ours: FileSide): boolean {
  return sha256(ours.content) === input.recordedSha256 || input.base?.content.equals(ours.content) === true;
}

/**
 * A seed file the team edited is theirs: it stays as they wrote it. When the template changed it
 * since the last update, each of its changes is offered beside their text as a conflict (markers,
 * or a .rej), so they choose.
 */
function offerToSeed(input: PathInput, ours: FileSide, base: FileSide, theirs: FileSide): Outcome {
  if (theirs.content.equals(base.content)) return { kind: 'unchanged' };
  if ([ours, base, theirs].some((side) => isBinary(side.content))) return binaryConflict(ours, base, theirs);
  const [o, b, t] = [ours, base, theirs].map((side) => side.content.toString('utf8')) as [string, string, string];
  const offered = offerTheirChanges(o, b, t, input.labels, input.style);
  if (offered.conflicts === 0) return { kind: 'unchanged' };
  return {
    ...conflicted(input, offered, ours.executable, { base, ours, theirs }),
    reason: `yours (seed): the template changed it too; its ${offered.conflicts === 1 ? 'change is' : `${offered.conflicts} changes are`} offered beside yours`,
  };
}

/** Both sides changed a binary file: the team's stays, the template's is written beside it to compare. */
function binaryConflict(ours: FileSide, base: FileSide, theirs: FileSide): Outcome {
  return { kind: 'conflicted', beside: theirs, reason: "binary file changed on both sides: kept yours, the template's is beside it as .template", stages: { base, ours, theirs } };
}

/** A path the templates did not generate before. */
function decideAdded(input: PathInput): Outcome {
  const { ours, theirs } = input;
  if (!theirs) return { kind: 'unchanged' };
  if (!ours) return { kind: 'created', result: theirs };
  if (sameSide(ours, theirs)) return { kind: 'unchanged' };
  // Both sides added the path: merge against an empty base, which marks every differing line.
  const empty: FileSide = { content: Buffer.alloc(0), executable: ours.executable };
  const merged = merge3(input, ours, empty, theirs);
  if (merged.kind === 'conflicted') return { ...merged, reason: 'you and the template both added this file', stages: { ours, theirs } };
  return merged;
}

function twoWayConflict(input: PathInput, ours: FileSide, theirs: FileSide): Outcome {
  // No base to merge against: show both versions whole, so nothing is lost and nothing is chosen.
  const empty: FileSide = { content: Buffer.alloc(0), executable: ours.executable };
  const merged = merge3(input, ours, empty, theirs);
  const reason = 'no record of the version generated last time, and you edited it: both versions are shown';
  return merged.kind === 'conflicted' ? { ...merged, reason, stages: { ours, theirs } } : merged;
}

/** The executable bit, merged like content: the team's change wins, else the template's. */
function mergedBit(ours: FileSide, base: FileSide | undefined, theirs: FileSide): boolean {
  if (!base || base.modeUnknown) return ours.executable || theirs.executable;
  return ours.executable === base.executable ? theirs.executable : ours.executable;
}

function merge3(input: PathInput, ours: FileSide, base: FileSide, theirs: FileSide): Outcome {
  const executable = mergedBit(ours, base, theirs);
  if (theirs.content.equals(base.content)) return ours.executable === executable ? { kind: 'unchanged' } : { kind: 'merged', result: { content: ours.content, executable } };
  if ([ours, base, theirs].some((side) => isBinary(side.content))) return binaryConflict(ours, base, theirs);
  const [o, b, t] = [ours, base, theirs].map((side) => side.content.toString('utf8')) as [string, string, string];
  // Like git first: a line merge keeps every line and comment. A structured file falls back to a
  // key-by-key merge only where the lines clash (or the clean result no longer parses), and then
  // only the keys both sides changed stay marked.
  const kind = input.policy === 'structured' ? structuredKindOf(input.path) : null;
  const withComments = kind === 'yaml' || kind === 'env' || kind === 'lines';
  const text = mergeText(o, b, t, input.labels, input.style, withComments ? keepCommentOnlyEdits : undefined);
  if (text.conflicts === 0 && (kind === null || parsesAs(kind, text.text))) return resultOf(text.text, executable, ours);
  const structured = kind ? mergeStructured3(kind, o, b, t, input.labels, input.style) : null;
  const merged = structured ?? text;
  if (merged.conflicts === 0) return resultOf(merged.text, executable, ours);
  return conflicted(input, merged, executable, { base, ours, theirs });
}

type Conflicted = Extract<Outcome, { kind: 'conflicted' }>;

function conflicted(input: PathInput, merge: TextMerge, executable: boolean, stages: ConflictStages): Conflicted {
  return {
    kind: 'conflicted',
    result: { content: Buffer.from(merge.text, 'utf8'), executable },
    ...(input.style === 'rej' ? { rejects: merge.rejects } : {}),
    reason: `${merge.conflicts} conflicting ${merge.conflicts === 1 ? 'hunk' : 'hunks'}`,
    stages,
  };
}

function resultOf(text: string, executable: boolean, ours: FileSide): Outcome {
  const result = { content: Buffer.from(text, 'utf8'), executable };
  return sameSide(result, ours) ? { kind: 'unchanged' } : { kind: 'merged', result };
}

import type { FilePolicy } from '../layers/manifest.js';
import { sha256 } from '../tree/hash.js';
import { type StructuredKind, mergeStructured3, structuredKindOf } from './structured-merge.js';
import { type FileSide, isBinary, sameSide } from './sides.js';
import { type ConflictStyle, type MergeLabels, mergeText } from './text-merge.js';

/** What update does to one path, and why: the summary and the plan are built from these. */
export type Outcome =
  | { kind: 'unchanged' }
  | { kind: 'created' | 'updated' | 'merged'; result: FileSide }
  | { kind: 'deleted' }
  | { kind: 'kept'; reason: string }
  | { kind: 'conflicted'; result?: FileSide; rejects?: string; reason: string; stages: ConflictStages };

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
  if (input.policy === 'seed') return decideSeed(input, generatedBefore);
  if (!generatedBefore) return decideAdded(input);
  if (!ours) {
    if (!theirs) return { kind: 'unchanged' };
    return { kind: 'kept', reason: 'you deleted it; it stays deleted' };
  }
  // The team's file still is exactly what was generated: whatever the base, the new version replaces it.
  const untouched = sha256(ours.content) === input.recordedSha256 || (input.base !== undefined && sameSide(ours, input.base));
  if (!theirs) {
    if (untouched) return { kind: 'deleted' };
    return { kind: 'conflicted', reason: 'the template removed it, and you edited it: kept yours', stages: { base: input.base, ours } };
  }
  if (sameSide(ours, theirs)) return { kind: 'unchanged' };
  if (untouched) return { kind: 'updated', result: { content: theirs.content, executable: mergedBit(ours, input.base, theirs) } };
  if (!input.base) return twoWayConflict(input, ours, theirs);
  return merge3(input, ours, input.base, theirs);
}

/** A seed file is the team's: written when it is new, never overwritten. */
function decideSeed(input: PathInput, generatedBefore: boolean): Outcome {
  if (generatedBefore || input.ours) {
    const changedUpstream = input.theirs && input.base && !sameSide(input.theirs, input.base);
    return changedUpstream ? { kind: 'kept', reason: "yours (seed): the template's new version was not applied" } : { kind: 'unchanged' };
  }
  return input.theirs ? { kind: 'created', result: input.theirs } : { kind: 'unchanged' };
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
  if ([ours, base, theirs].some((side) => isBinary(side.content))) {
    return { kind: 'conflicted', reason: 'binary file changed on both sides: kept yours', stages: { base, ours, theirs } };
  }
  const [o, b, t] = [ours, base, theirs].map((side) => side.content.toString('utf8')) as [string, string, string];
  const kind: StructuredKind | null = input.policy === 'structured' ? structuredKindOf(input.path) : null;
  const structured = kind ? mergeStructured3(kind, o, b, t) : null;
  if (structured !== null) return resultOf(structured, executable, ours);
  const text = mergeText(o, b, t, input.labels, input.style);
  if (text.conflicts === 0) return resultOf(text.text, executable, ours);
  return {
    kind: 'conflicted',
    result: { content: Buffer.from(text.text, 'utf8'), executable },
    ...(input.style === 'rej' ? { rejects: text.rejects } : {}),
    reason: `${text.conflicts} conflicting ${text.conflicts === 1 ? 'hunk' : 'hunks'}`,
    stages: { base, ours, theirs },
  };
}

function resultOf(text: string, executable: boolean, ours: FileSide): Outcome {
  const result = { content: Buffer.from(text, 'utf8'), executable };
  return sameSide(result, ours) ? { kind: 'unchanged' } : { kind: 'merged', result };
}

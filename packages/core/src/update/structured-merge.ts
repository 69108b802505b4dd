import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import { mergeLibs } from './merge-libs.js';
import { type ConflictStyle, type MergeLabels, type TextMerge, lineEnding, mergeText } from './text-merge.js';

/**
 * Key-by-key three-way merges for the files both the team and the templates add to. They are the
 * fallback for a line merge that clashed (see decide.ts): the line merge keeps every line and
 * comment, so it goes first. Here a clash is narrowed to the keys both sides changed differently:
 * everything else merges, and only those keys are marked, as a line conflict of their own.
 */
export type StructuredKind = 'json' | 'yaml' | 'env' | 'lines';

export function structuredKindOf(path: string): StructuredKind | null {
  const name = path.split('/').at(-1) ?? path;
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  if (name.startsWith('.env')) return 'env';
  if (name.endsWith('ignore')) return 'lines';
  return null;
}

/** Does a line merge's result still parse as its kind? A clean line merge can still break JSON's commas. */
export function parsesAs(kind: StructuredKind, text: string): boolean {
  if (kind === 'json') return tryJson(text) !== ABSENT;
  if (kind === 'yaml') return mergeLibs().yaml.parseDocument(text, { prettyErrors: false }).errors.length === 0;
  return true;
}

/** The merge, or null when a side does not parse (the caller keeps the line merge's markers then). */
export function mergeStructured3(kind: StructuredKind, ours: string, base: string, theirs: string, labels: MergeLabels, style: ConflictStyle = 'inline'): TextMerge | null {
  if (kind === 'lines') return clean(mergeLineSets(ours, base, theirs));
  const format = FORMATS[kind];
  const [o, b, t] = [format.parse(ours), format.parse(base), format.parse(theirs)];
  if (o === ABSENT || t === ABSENT) return null;
  const render = format.render(ours, o);
  if (render === null) return null;
  const mine = resolve(o, b, t, 'ours');
  if (mine.clashes === 0) return clean(render(mine.value));
  // The clashing keys take each side's value in turn; everything else is merged in all three, so the
  // line merge of the three renderings marks those keys alone.
  return mergeText(render(mine.value), render(resolve(o, b, t, 'base').value), render(resolve(o, b, t, 'theirs').value), labels, style);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Value = Json | undefined;
const ABSENT = undefined;

interface Format {
  parse(text: string): Value;
  /** A renderer of merged values in the team's own layout, or null when the team's file cannot be edited. */
  render(ours: string, parsedOurs: Value): ((value: Value) => string) | null;
}

const FORMATS: Record<Exclude<StructuredKind, 'lines'>, Format> = {
  json: {
    parse: tryJson,
    render: (ours) => {
      // The team's indentation and line endings; key order is the team's already (see merge3Values).
      const indent = /^[ \t]+(?=")/m.exec(ours)?.[0] ?? '  ';
      const eol = lineEnding(ours);
      return (value) => `${JSON.stringify(value, null, indent)}\n`.replace(/\n/g, eol);
    },
  },
  yaml: {
    parse: tryYaml,
    render: (ours, parsedOurs) => {
      const doc = mergeLibs().yaml.parseDocument(ours, { prettyErrors: false });
      if (doc.errors.length > 0) return null;
      return (value) => {
        if (isDeepStrictEqual(value, parsedOurs)) return ours;
        const edited = doc.clone();
        applyChanges(edited, [], parsedOurs, value);
        // The printer re-prints every flow collection; padded (`{ a: 1 }`) or not (`[main]`) as the team's
        // file has them. No folding of long lines: the team's and the template's lines stay whole.
        const padded = /[[{] [^\s\]}]/.test(ours);
        return edited.toString({ lineWidth: 0, flowCollectionPadding: padded }).replace(/\n/g, lineEnding(ours));
      };
    },
  },
  env: {
    parse: (text) => envRecord(envEntries(text)),
    render: (ours) => {
      const order = envEntries(ours).map((entry) => entry.key);
      const eol = lineEnding(ours);
      return (value) => {
        const result = (value ?? {}) as Record<string, string>;
        const keys = [...order, ...Object.keys(result).filter((key) => !order.includes(key))].filter((key) => key in result);
        const body = keys.map((key) => result[key]).join('\n');
        return body.length > 0 ? `${body}\n`.replace(/\n/g, eol) : '';
      };
    },
  },
};

interface Resolved {
  value: Value;
  /** Places both sides changed differently; each took the `pick` side's value. */
  clashes: number;
}

/** Merges three values; at a clash, takes the value of `pick`. */
function resolve(ours: Value, base: Value, theirs: Value, pick: 'ours' | 'base' | 'theirs'): Resolved {
  const state = { clashes: 0 };
  const value = merge3Values(ours, base, theirs, (sides) => {
    state.clashes += 1;
    return sides[pick];
  });
  return { value, clashes: state.clashes };
}

type OnClash = (sides: { ours: Value; base: Value; theirs: Value }) => Value;

/** Objects merge per key (the team's key order, then the template's new keys); lists item by item; a scalar changed on both sides clashes. */
export function merge3Values(ours: Value, base: Value, theirs: Value, onClash: OnClash): Value {
  if (isDeepStrictEqual(theirs, base) || isDeepStrictEqual(ours, theirs)) return ours;
  if (isDeepStrictEqual(ours, base)) return theirs;
  if (isRecord(ours) && isRecord(theirs)) {
    const baseRecord = isRecord(base) ? base : {};
    const merged: { [key: string]: Json } = {};
    for (const key of [...Object.keys(ours), ...Object.keys(theirs).filter((key) => !(key in ours))]) {
      const value = merge3Values(ours[key], baseRecord[key], theirs[key], onClash);
      if (value !== ABSENT) merged[key] = value;
    }
    return merged;
  }
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    const merged = mergeLists(ours, Array.isArray(base) ? base : [], theirs, onClash);
    if (merged) return merged;
  }
  return onClash({ ours, base, theirs });
}

/**
 * A list merged like lines: diff3 over its items (each as JSON), so a step the team added and a step
 * the template changed both arrive. Where both changed the same run of items and the runs line up,
 * item by item; otherwise null (the whole list clashes).
 */
function mergeLists(ours: Json[], base: Json[], theirs: Json[], onClash: OnClash): Json[] | null {
  const byKey = new Map<string, Json>();
  const keys = (items: Json[]) =>
    items.map((item) => {
      const key = JSON.stringify(item);
      byKey.set(key, item);
      return key;
    });
  const regions = mergeLibs().diff3.diff3Merge(keys(ours), keys(base), keys(theirs), { excludeFalseConflicts: true });
  const merged: Json[] = [];
  for (const region of regions) {
    if (region.ok) {
      merged.push(...region.ok.map((key) => byKey.get(key) as Json));
      continue;
    }
    const { a, o, b } = region.conflict ?? { a: [] as string[], o: [] as string[], b: [] as string[] };
    // Both inserted items at the same place: a list takes both, the team's first (nothing is lost, nothing to choose).
    if (o.length === 0) {
      merged.push(...[...a, ...b.filter((key) => !a.includes(key))].map((key) => byKey.get(key) as Json));
      continue;
    }
    if (a.length !== o.length || b.length !== o.length) return null;
    for (const [index, key] of a.entries()) {
      const value = merge3Values(byKey.get(key), byKey.get(o[index] ?? ''), byKey.get(b[index] ?? ''), onClash);
      if (value !== ABSENT) merged.push(value);
    }
  }
  return merged;
}

/**
 * Edits the team's YAML document in place, node by node: an untouched node keeps its comments,
 * quoting, flow or block style, and a list changes by the items that changed, never as a whole.
 */
function applyChanges(doc: Document, path: (string | number)[], from: Value, to: Value): void {
  if (isDeepStrictEqual(from, to)) return;
  if (path.length < 64 && isRecord(from) && isRecord(to)) {
    for (const key of Object.keys(from)) if (!(key in to)) doc.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(to)) applyChanges(doc, [...path, key], from[key], value);
    return;
  }
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (path.length < 64 && Array.isArray(from) && Array.isArray(to) && mergeLibs().yaml.isSeq(node)) {
    const key = (item: Json) => JSON.stringify(item);
    // Back to front, so the offsets of the runs not yet edited stay right.
    for (const chunk of mergeLibs().diff3.diffIndices(from.map(key), to.map(key)).reverse()) {
      const [at, removed] = chunk.buffer1 as [number, number];
      const [from2, added] = chunk.buffer2 as [number, number];
      if (removed === added) {
        for (let i = 0; i < added; i += 1) applyChanges(doc, [...path, at + i], from[at + i], to[from2 + i]);
      } else {
        node.items.splice(at, removed, ...to.slice(from2, from2 + added).map((item) => doc.createNode(item)));
      }
    }
    return;
  }
  if (path.length === 0) doc.contents = doc.createNode(to) as typeof doc.contents;
  else if (to === ABSENT) doc.deleteIn(path);
  else doc.setIn(path, to);
}

interface EnvEntry {
  key: string;
  /** The comment lines right above the variable travel with it. */
  lines: string[];
}

/** `.env.example`: a variable is its line plus the comments above it, merged by variable name. */
function envRecord(entries: EnvEntry[]): Value {
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.lines.join('\n')]));
}

function envEntries(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let pending: string[] = [];
  let trailer = 0;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const key = /^\s*(?:export\s+)?#?\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    // A commented-out assignment (`# PILOT_X=`) is still that variable's line.
    if (key && !entries.some((entry) => entry.key === key)) {
      entries.push({ key, lines: [...pending, line] });
      pending = [];
    } else pending.push(line);
  }
  // Comments after the last variable are kept as an entry of their own.
  while (pending.length > 0 && pending.at(-1) === '') pending.pop();
  if (pending.length > 0) entries.push({ key: `#trailer${trailer++}`, lines: pending });
  return entries;
}

/** Ignore files: a set of lines. The template's added lines are added, its removed ones removed. */
function mergeLineSets(ours: string, base: string, theirs: string): string {
  const eol = lineEnding(ours);
  const lines = (text: string) =>
    text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .filter((line, index, all) => line !== '' || index < all.length - 1);
  const [o, b, t] = [lines(ours), new Set(lines(base)), lines(theirs)];
  const theirsSet = new Set(t);
  const kept = o.filter((line) => line === '' || !b.has(line) || theirsSet.has(line));
  const oursSet = new Set(o);
  const added = t.filter((line) => line !== '' && !b.has(line) && !oursSet.has(line));
  const result = [...kept, ...added];
  return result.length > 0 ? `${result.join(eol)}${eol}` : '';
}

const clean = (text: string): TextMerge => ({ text, conflicts: 0, rejects: '' });

function tryJson(text: string): Value {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return ABSENT;
  }
}

function tryYaml(text: string): Value {
  try {
    return (mergeLibs().yaml.parse(text) ?? null) as Json;
  } catch {
    return ABSENT;
  }
}

function isRecord(value: Value): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

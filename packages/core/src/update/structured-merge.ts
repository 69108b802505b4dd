import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import { mergeLibs } from './merge-libs.js';

/**
 * Key-by-key three-way merges for the files both the team and the templates add to, so that a
 * dependency bump from the template and a script the team added never conflict. Each returns null
 * when the two sides changed the same key differently (or a side does not parse): the caller then
 * falls back to a line merge, which marks the clash instead of choosing a side.
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

export function mergeStructured3(kind: StructuredKind, ours: string, base: string, theirs: string): string | null {
  if (kind === 'json') return mergeJsonText(ours, base, theirs);
  if (kind === 'yaml') return mergeYamlText(ours, base, theirs);
  if (kind === 'env') return mergeEnvText(ours, base, theirs);
  return mergeLineSets(ours, base, theirs);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Value = Json | undefined;
const ABSENT = undefined;

/** The merged value, or null on a clash. Objects merge per key; arrays and scalars are atomic. */
export function merge3Values(ours: Value, base: Value, theirs: Value): { value: Value } | null {
  if (isDeepStrictEqual(theirs, base) || isDeepStrictEqual(ours, theirs)) return { value: ours };
  if (isDeepStrictEqual(ours, base)) return { value: theirs };
  if (!isRecord(ours) || !isRecord(theirs)) return null;
  const baseRecord = isRecord(base) ? base : {};
  const merged: { [key: string]: Json } = {};
  const keys = [...Object.keys(ours), ...Object.keys(theirs).filter((key) => !(key in ours))];
  for (const key of keys) {
    const result = merge3Values(ours[key], baseRecord[key], theirs[key]);
    if (!result) return null;
    if (result.value !== ABSENT) merged[key] = result.value;
  }
  return { value: merged };
}

function mergeJsonText(ours: string, base: string, theirs: string): string | null {
  const [o, b, t] = [ours, base, theirs].map(tryJson);
  if (o === ABSENT || t === ABSENT) return null;
  const merged = merge3Values(o, b, t);
  if (!merged) return null;
  const indent = /^[ \t]+(?=")/m.exec(ours)?.[0] ?? '  ';
  return `${JSON.stringify(merged.value, null, indent)}\n`;
}

/** Edits the team's YAML document in place, so its comments and layout survive the merge. */
function mergeYamlText(ours: string, base: string, theirs: string): string | null {
  const doc = mergeLibs().yaml.parseDocument(ours, { prettyErrors: false });
  if (doc.errors.length > 0) return null;
  const [o, b, t] = [ours, base, theirs].map(tryYaml);
  if (o === ABSENT || t === ABSENT) return null;
  const merged = merge3Values(o, b, t);
  if (!merged) return null;
  if (isDeepStrictEqual(merged.value, o)) return ours;
  applyChanges(doc, [], o, merged.value);
  return doc.toString();
}

function applyChanges(doc: Document, path: string[], from: Value, to: Value): void {
  if (isDeepStrictEqual(from, to)) return;
  if (isRecord(from) && isRecord(to) && path.length < 64) {
    for (const key of Object.keys(from)) if (!(key in to)) doc.deleteIn([...path, key]);
    for (const [key, value] of Object.entries(to)) applyChanges(doc, [...path, key], from[key], value);
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

/** `.env.example`: a variable is its line plus the comments above it; merged by variable name. */
function mergeEnvText(ours: string, base: string, theirs: string): string | null {
  const [o, b, t] = [envEntries(ours), envEntries(base), envEntries(theirs)];
  const values = (entries: EnvEntry[]) => Object.fromEntries(entries.map((entry) => [entry.key, entry.lines.join('\n')]));
  const merged = merge3Values(values(o), values(b), values(t));
  if (!merged || !isRecord(merged.value)) return null;
  const result = merged.value as Record<string, string>;
  const order = [...o.map((entry) => entry.key), ...t.map((entry) => entry.key).filter((key) => !o.some((entry) => entry.key === key))];
  const body = order
    .filter((key) => key in result)
    .map((key) => result[key])
    .join('\n');
  return body.length > 0 ? `${body}\n` : '';
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
  return result.length > 0 ? `${result.join('\n')}\n` : '';
}

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

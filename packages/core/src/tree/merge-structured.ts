import type { MergeStrategy } from '../layers/manifest.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Merges a later layer's file into what earlier layers wrote. Throws a plain Error on unparsable JSON; the caller adds context. */
export function mergeStructured(strategy: MergeStrategy, earlier: string, later: string): string {
  if (strategy === 'lines') return mergeLines(earlier, later);
  return `${JSON.stringify(mergeJson(JSON.parse(earlier) as Json, JSON.parse(later) as Json), null, 2)}\n`;
}

/** Objects merge key by key (earlier key order kept), arrays concatenate without duplicates, a later scalar wins. */
export function mergeJson(earlier: Json, later: Json): Json {
  if (Array.isArray(earlier) && Array.isArray(later)) {
    const seen = new Set(earlier.map((item) => JSON.stringify(item)));
    return [...earlier, ...later.filter((item) => !seen.has(JSON.stringify(item)))];
  }
  if (isObject(earlier) && isObject(later)) {
    const merged: { [key: string]: Json } = { ...earlier };
    for (const [key, value] of Object.entries(later)) {
      merged[key] = key in earlier ? mergeJson(earlier[key] as Json, value) : value;
    }
    return merged;
  }
  return later;
}

/** Appends the later lines that are not already present; blank lines are kept as separators. */
export function mergeLines(earlier: string, later: string): string {
  const present = new Set(
    earlier
      .split('\n')
      .map((line) => line.trimEnd())
      .filter(Boolean),
  );
  const added = later.split('\n').filter((line) => line.trim() === '' || !present.has(line.trimEnd()));
  const head = earlier.endsWith('\n') || earlier === '' ? earlier : `${earlier}\n`;
  const body = added.join('\n').replace(/^\n+/, '\n');
  const merged = `${head}${body}`;
  return merged.endsWith('\n') ? merged : `${merged}\n`;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The known name closest to a mistyped one, for a "did you mean" hint: `summarise` → `summarize`.
 * Twenty lines of edit distance instead of a dependency: the names are a handful of short words,
 * and the CLI's bundle and start-up time count.
 */
export function closestName(input: string, names: readonly string[]): string | undefined {
  const typed = input.trim().toLowerCase();
  // A typo, not another word: at most 2 edits, and fewer than a third of the name.
  const limit = Math.min(2, Math.floor(typed.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(typed, name.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** `; did you mean summarize?`, or nothing when no name is close. */
export function didYouMean(input: unknown, names: readonly string[]): string {
  const close = typeof input === 'string' ? closestName(input, names) : undefined;
  return close ? `; did you mean ${close}?` : '';
}

/** Edit distance (optimal string alignment): insertions, deletions, substitutions and swaps of two neighbours (`odic` → `oidc`). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    const above = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      let cost = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = cost;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

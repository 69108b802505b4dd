/**
 * Rule checks on free text (summaries, reply drafts), shared by the use cases that write text:
 * does a phrase occur, how many words, how close to a reference (ROUGE-L). Case and spacing never
 * matter; punctuation around words does not either.
 */

/** Lower case, punctuation to spaces, runs of spaces collapsed: "Refund, $49!" -> "refund 49". */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const n = normalize(text);
  return n === '' ? [] : n.split(' ');
}

/** A phrase occurs as whole words: "refund" is in "a refund was issued", not in "refunded". */
export function hasPhrase(text: string, phrase: string): boolean {
  const needle = normalize(phrase);
  return needle !== '' && ` ${normalize(text)} `.includes(` ${needle} `);
}

/** A requirement met by any of its alternatives: "refund" or ["refund", "money back"]. */
export function meets(text: string, requirement: string | readonly string[]): boolean {
  return (typeof requirement === 'string' ? [requirement] : requirement).some((phrase) => hasPhrase(text, phrase));
}

/** ROUGE-L F1 over words: the longest common subsequence against a reference, in [0, 1]. */
export function rougeL(candidate: string, reference: string): number {
  const a = words(candidate);
  const b = words(reference);
  if (a.length === 0 || b.length === 0) return 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = word === b[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, row[j - 1] as number);
    previous = row;
  }
  const lcs = previous[b.length] as number;
  if (lcs === 0) return 0;
  const precision = lcs / a.length;
  const recall = lcs / b.length;
  return (2 * precision * recall) / (precision + recall);
}

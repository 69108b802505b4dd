/**
 * The shipped example cases, recorded by content hash at render time, so the pilot's readiness check
 * can tell "still one of the template's examples" from "a case the team drew from its own data"
 * without trusting what a case's `source` field says (an edited source string must not count as
 * real data). Written as a managed kit file: the generator keeps it current, the team never edits it.
 */
import { createHash } from 'node:crypto';
import type { Tree } from '../tree/tree.js';

/** Where the hashes land in the pilot; `src/kit/readiness/checks.ts` reads it. */
export const SHIPPED_CASES_FILE = 'src/kit/evals/shipped-cases.sha256';

const CASE_FILE = /^evals\/cases\/[^/]+\.jsonl$/;

/** A shipped case file: `evals/cases/<name>.jsonl`, the folder the pilot's criteria name. */
export const isCaseFile = (path: string): boolean => CASE_FILE.test(path);

/**
 * The same fingerprint as the pilot's `inputFingerprint` (src/kit/evals/cases.ts): every string
 * NFKC-normalised, lower-cased, whitespace collapsed, object keys sorted. Both must agree; the
 * pilot's readiness test checks that every shipped case is recognised.
 */
export function inputFingerprint(input: unknown): string {
  const normal = (value: unknown): unknown => {
    if (typeof value === 'string') return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
    if (Array.isArray(value)) return value.map(normal);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, normal((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(JSON.stringify(normal(input)))
    .digest('hex');
}

export interface ShippedCase {
  id: string;
  fingerprint: string;
}

/** Every case line of the rendered case files as `{id, fingerprint}`; lines that are not cases are skipped (the eval runner names them). */
export function shippedCases(tree: Tree): ShippedCase[] {
  const found: ShippedCase[] = [];
  for (const path of tree.paths().filter(isCaseFile).sort()) {
    for (const line of (tree.read(path)?.toString('utf8') ?? '').split(/\r?\n/)) {
      if (!line.trim()) continue;
      try {
        const value = JSON.parse(line) as { id?: unknown; input?: unknown };
        if (typeof value.id === 'string' && value.input !== undefined) found.push({ id: value.id, fingerprint: inputFingerprint(value.input) });
      } catch {
        // Not a case line: the pilot's eval runner reports it with file and line.
      }
    }
  }
  return found;
}

/** The file's text: a comment saying what it is, then `<sha256>  <case id>` per shipped case (sha256sum's layout). */
export function renderShippedCases(cases: ReadonlyArray<ShippedCase>): string {
  const header = [
    '# The example cases this pilot was generated with (and those of every update since), by input',
    '# fingerprint (sha256). Written by create-pilot-slice; `npm run readiness` counts any case whose input',
    '# matches one as a shipped example, whatever its `source` says. Do not edit: replace the examples with',
    '# your own cases instead.',
  ];
  return `${[...header, ...cases.map((c) => `${c.fingerprint}  ${c.id}`)].join('\n')}\n`;
}

/**
 * The file's entries, read as the pilot's readiness check reads them: every line that is neither
 * blank nor a comment, its first word the fingerprint and the rest the case id.
 */
export function shippedEntries(text: string): ShippedCase[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [fingerprint = '', ...id] = line.trim().split(/\s+/);
      return { fingerprint, id: id.join(' ') };
    });
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * For update: the new version's examples, then every example an earlier file recorded that they do
 * not repeat. The case files are the team's, so an update that changes the template's examples
 * leaves the old ones in them; forgetting their fingerprints would let readiness count those as
 * cases the team drew from its own data. Entries of `previous` that are not a sha256 and an id are dropped.
 */
export function keepShippedCases(previous: string, current: readonly ShippedCase[]): ShippedCase[] {
  const known = new Set(current.map((c) => c.fingerprint));
  const kept = [...current];
  for (const entry of shippedEntries(previous)) {
    if (!SHA256_HEX.test(entry.fingerprint) || !entry.id || known.has(entry.fingerprint)) continue;
    known.add(entry.fingerprint);
    kept.push(entry);
  }
  return kept;
}

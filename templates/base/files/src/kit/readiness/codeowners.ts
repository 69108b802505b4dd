/**
 * .github/CODEOWNERS, parsed the way GitHub reads it: `pattern owner...` per line, `#` comments.
 * An owner that GitHub would ignore (not `@user`, `@org/team` or an email) is refused with the line:
 * a CODEOWNERS that silently names nobody must not pass as ownership.
 */
import { InputError, escapeExcerpt } from '../evals/input-file.js';

export const CODEOWNERS_FILE = '.github/CODEOWNERS';
export const CODEOWNERS_MAX_BYTES = 64 * 1024;

const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9._-]+)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

/** Handles the template and its docs use as examples: naming one is not naming a team. */
const PLACEHOLDER = /^@(org|owner|team|your[-_]?\w*|example\w*|changeme|todo|tbd)(\/|$)/i;

export interface CodeOwners {
  /** pattern -> owners, in file order (the last matching line wins on GitHub). */
  rules: Array<{ pattern: string; owners: string[]; line: number }>;
}

export function parseCodeOwners(text: string, file = CODEOWNERS_FILE): CodeOwners {
  const rules: CodeOwners['rules'] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    const [pattern = '', ...owners] = line.split(/\s+/);
    const bad = owners.find((o) => !OWNER.test(o));
    if (bad !== undefined) {
      throw new InputError(`${file}:${index + 1}: "${escapeExcerpt(bad, 60)}" is not an owner GitHub understands; use @user, @org/team or an email`);
    }
    rules.push({ pattern, owners, line: index + 1 });
  });
  return { rules };
}

export const isPlaceholderOwner = (owner: string): boolean => PLACEHOLDER.test(owner);

/** Owners of the `*` rule (the last one wins, as on GitHub). */
export function defaultOwners(codeowners: CodeOwners): string[] {
  return codeowners.rules.filter((r) => r.pattern === '*').at(-1)?.owners ?? [];
}

export function ownersOf(codeowners: CodeOwners, pattern: string): string[] {
  return codeowners.rules.filter((r) => r.pattern === pattern).at(-1)?.owners ?? [];
}

/** Who owns and who runs the pilot, as CODEOWNERS and the RUNBOOK say (the readiness check validates both). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFile } from '../evals/input-file.js';
import { CODEOWNERS_FILE, CODEOWNERS_MAX_BYTES, defaultOwners, parseCodeOwners } from '../readiness/codeowners.js';
import { RUNBOOK_FILE, oncallOf } from '../readiness/checks.js';

export function ownershipFacts(root = process.cwd()): { owner: string | null; oncall: string | null } {
  const codeowners = existsSync(join(root, CODEOWNERS_FILE)) ? readInputFile(join(root, CODEOWNERS_FILE), 'CODEOWNERS', CODEOWNERS_MAX_BYTES, root) : null;
  const runbook = existsSync(join(root, RUNBOOK_FILE)) ? readInputFile(join(root, RUNBOOK_FILE), 'runbook', 256 * 1024, root) : null;
  const owner = codeowners === null ? null : defaultOwners(parseCodeOwners(codeowners)).join(' ') || null;
  const oncall = runbook === null ? null : oncallOf(runbook) || null;
  return { owner, oncall };
}

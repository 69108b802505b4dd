/**
 * The shipped examples as the pilot's own tests see them: a copy of the rendered criteria and case
 * files under `test/kit/fixtures/shipped/`, laid out like the pilot (`success-criteria.yaml`,
 * `evals/cases/*.jsonl`). The kit's tests build their scratch workspaces from it, never from the
 * team's `evals/cases/` or `success-criteria.yaml`, which change as the team imports and labels
 * cases. Copied from the same render, so the use-case layers' case templates stay the one source;
 * a managed kit file, kept current by `update` like the rest of `test/kit/`.
 */
import { isCaseFile } from '../readiness/shipped-cases.js';
import type { Tree } from '../tree/tree.js';

export const KIT_FIXTURES_DIR = 'test/kit/fixtures/shipped';

const CRITERIA_FILE = 'success-criteria.yaml';

/** Copies the rendered criteria and case files into KIT_FIXTURES_DIR; nothing when the layers render no cases. */
export function writeKitFixtures(tree: Tree): void {
  const cases = tree.paths().filter(isCaseFile);
  if (cases.length === 0) return;
  for (const path of [CRITERIA_FILE, ...cases]) {
    const content = tree.read(path);
    if (content !== undefined) tree.write(`${KIT_FIXTURES_DIR}/${path}`, content, 'generator');
  }
}

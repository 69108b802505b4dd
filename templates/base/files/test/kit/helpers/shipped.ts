/**
 * The shipped examples and criteria, as the generator copied them into test/kit/fixtures/shipped/
 * (laid out like a pilot: success-criteria.yaml, evals/cases/*.jsonl): what the kit's tests work on.
 * The team's evals/cases/, success-criteria.yaml and evals/reports/ change as it imports and labels
 * cases, so no test reads them: a team halfway through labelling stays green.
 */
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Dataset, loadDataset } from '../../../src/kit/evals/cases.js';
import { type Criteria, readCriteria } from '../../../src/kit/evals/criteria.js';

export const SHIPPED_DIR = fileURLToPath(new URL('../fixtures/shipped', import.meta.url));

export function shippedCriteria(): Criteria {
  const result = readCriteria(join(SHIPPED_DIR, 'success-criteria.yaml'));
  if ('errors' in result) throw new Error(result.errors.join('\n'));
  return result.criteria;
}

/** The shipped cases as loaded (errors included, for the test that checks there are none). */
export function loadShipped(): ReturnType<typeof loadDataset> {
  const { dataset, errors } = loadDataset(join(SHIPPED_DIR, shippedCriteria().dataset.path));
  // File names as a workspace copy of the fixture shows them (evals/cases/x.jsonl), not as seen from the pilot.
  const local = (file: string) => relative(SHIPPED_DIR, resolve(file)).split(sep).join('/');
  return { dataset: { ...dataset, files: dataset.files.map(local), unlabeled: dataset.unlabeled.map((u) => ({ ...u, file: local(u.file) })) }, errors };
}

export function shippedDataset(): Dataset {
  const { dataset, errors } = loadShipped();
  if (errors.length > 0) throw new Error(`the shipped cases in ${SHIPPED_DIR} do not load:\n${errors.join('\n')}`);
  return dataset;
}

/**
 * A valid `expected` for this pilot: the use case's `exampleExpected` fixture (which fits the team's
 * own sets), or, for fixtures written before it existed, the first labelled shipped example's.
 */
import * as fixtures from '../../fixtures/use-case.js';
import { SHIPPED_DIR, shippedDataset } from './shipped.js';

export function exampleExpected(): unknown {
  const fromFixture = (fixtures as { exampleExpected?: unknown }).exampleExpected;
  if (fromFixture !== undefined) return fromFixture;
  const first = shippedDataset().cases[0];
  if (first) return first.expected;
  throw new Error(`no exampleExpected in test/fixtures/use-case.ts and no labelled case in ${SHIPPED_DIR}`);
}

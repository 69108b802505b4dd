/**
 * The cases the labelling tests work on: a valid input and expected answer for this pilot's use
 * case (its own labels, queues or fields), and case lines as `cases:import` writes them.
 */
import { validInput } from '../../fixtures/use-case.js';
import { exampleExpected } from './example-expected.js';

export const shipped = { input: validInput as unknown, expected: exampleExpected() };

/** A case as cases:import would have written it: no expected, tagged unlabeled, no criteria. */
export const unlabeledLine = (id: string, n: number) =>
  JSON.stringify({
    id,
    // n = 0: the fixture's input itself; otherwise a distinct one of the same shape.
    input: n === 0 ? shipped.input : Object.fromEntries(Object.entries(shipped.input as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? `${v} (#${n})` : v])),
    tags: ['unlabeled'],
    source: `imported from test rows, record ${n}, on 2026-12-01`,
    criteria: [],
  });

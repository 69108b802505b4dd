/** How `npm run cases:label` asks for a summarize case's `expected`: the facts, the forbidden claims, a good summary. */
import { defineLabelSpec, line, phrases } from './kit/label/spec.js';

export const labelSpec = defineLabelSpec({
  questions: [
    phrases('facts', 'Which facts must the summary state?', { min: 1, alternatives: true }),
    phrases('forbidden', 'Which claims must it not make? (empty: none)'),
    line('reference', 'A good summary (for ROUGE-L, reported only)'),
    phrases('checks', 'Yes/no questions for the judge, where yes is good (empty: none)', { optional: true }),
  ],
});

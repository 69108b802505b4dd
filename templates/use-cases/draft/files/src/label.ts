/** How `npm run cases:label` asks for a draft case's `expected`: what the reply must and must not say, a good reply. */
import { defineLabelSpec, line, phrases } from './kit/label/spec.js';

export const labelSpec = defineLabelSpec({
  questions: [
    phrases('must_include', 'What must the reply say?', { min: 1, alternatives: true }),
    phrases('must_not_include', 'What must it never say? (empty: nothing in particular)'),
    line('reference', 'A good reply (for the reviewer)'),
    phrases('checks', 'Yes/no questions for the judge, where yes is good (empty: none)', { optional: true }),
  ],
});

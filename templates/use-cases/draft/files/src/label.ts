/**
 * How `npm run cases:label` asks for a draft case's `expected`: the rubric (what the reply must and
 * must not say) and a good reply. The model's reply, else the baseline's canned one, starts the
 * reference for editing; the rubric is the person's to write, so nothing is accepted as it is.
 */
import { defineLabelSpec, line, phrases } from './kit/label/spec.js';

const replyOf = (answer: unknown): string | undefined => {
  const reply = answer && typeof answer === 'object' ? (answer as { reply?: unknown }).reply : undefined;
  return typeof reply === 'string' ? reply : undefined;
};

export const labelSpec = defineLabelSpec({
  questions: [
    phrases('must_include', 'What must the reply say?', { min: 1, alternatives: true }),
    phrases('must_not_include', 'What must it never say? (a promise nobody made, personal data, blame)'),
    line('reference', 'A good reply'),
    phrases('checks', 'Yes/no questions for the judge, yes being good (optional)', { optional: true }),
  ],
  draft: (answer) => {
    const reply = replyOf(answer);
    return reply === undefined ? {} : { reference: reply };
  },
});

/**
 * How `npm run cases:label` asks for a summarize case's `expected`. No answer is a complete one (the
 * facts are the person's to name), so nothing is accepted as it is: the model's summary, else the
 * baseline's, starts the reference for editing.
 */
import { defineLabelSpec, line, phrases } from './kit/label/spec.js';

const summaryOf = (answer: unknown): string | undefined => {
  const summary = answer && typeof answer === 'object' ? (answer as { summary?: unknown }).summary : undefined;
  return typeof summary === 'string' ? summary : undefined;
};

export const labelSpec = defineLabelSpec({
  questions: [
    phrases('facts', 'Which facts must the summary state?', { min: 1, alternatives: true }),
    phrases('forbidden', 'Which claims must it not make? (may be empty)'),
    line('reference', 'A good summary (reported as ROUGE-L, never gated)'),
    phrases('checks', 'Yes/no questions for the judge, yes being good (optional)', { optional: true }),
  ],
  draft: (answer) => {
    const summary = summaryOf(answer);
    return summary === undefined ? {} : { reference: summary };
  },
});

/** How `npm run cases:label` asks for a triage case's `expected`: the queue, then the priority. */
import { choice, defineLabelSpec } from './kit/label/spec.js';
import { priorities, queues } from './pipeline.js';

export const labelSpec = defineLabelSpec({
  questions: [choice('queue', 'Which queue should it go to?', queues), choice('priority', 'Which priority? (urgent is flagged)', priorities)],
});

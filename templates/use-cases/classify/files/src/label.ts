/** How `npm run cases:label` asks for a classify case's `expected`: one label from the set. */
import { choice, defineLabelSpec } from './kit/label/spec.js';
import { labels } from './pipeline.js';

export const labelSpec = defineLabelSpec({ questions: [choice('label', 'Which label is right?', labels)] });

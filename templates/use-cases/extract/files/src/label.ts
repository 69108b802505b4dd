/** How `npm run cases:label` asks for an extract case's `expected`: each of the team's fields, empty where the document does not say. */
import { defineLabelSpec, nullableField } from './kit/label/spec.js';
import { fields } from './pipeline.js';

export const labelSpec = defineLabelSpec({
  questions: fields.map((f) => nullableField(f.name, `${f.name}?`, f.type)),
});

/**
 * How `npm run cases:label` asks for an extract case's `expected`: every field of the record, in
 * order, empty where the document does not say. An answer with every field valid may be accepted
 * as it is (its `note` is for the reviewer and is not saved).
 */
import { defineLabelSpec, nullableField } from './kit/label/spec.js';
import { fields } from './pipeline.js';

export const labelSpec = defineLabelSpec({ questions: fields.map((f) => nullableField(f.name, `${f.name}?`, f.type)) });
